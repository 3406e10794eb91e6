/**
 * What the simulator remembers of finished journeys: each one's user fields, its result and when it ended,
 * looked up by journey id or by the email it ran with. Personal fields are purged a set time after the journey
 * ended (Veratad: 2 hours, unless the account has storage on), on an injectable clock. No HTTP here.
 */
import { randomInt } from 'node:crypto';

/** The results a journey can end with (the values Veratad's docs show for `status`). */
export const JOURNEY_STATUSES = ['PASS', 'FAIL', 'PENDING'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

/** The fields Veratad purges after 2 hours (with `dcams_plus.document_data`), unless storage is on. */
export const PERSONAL_FIELDS = ['fn', 'ln', 'addr', 'city', 'state', 'zip', 'dob'] as const;

export const isJourneyStatus = (value: unknown): value is JourneyStatus =>
  (JOURNEY_STATUSES as readonly unknown[]).includes(value);

/** A finished journey. Times are epoch milliseconds of the simulator's clock. */
export interface JourneyRecord {
  /** Link mode: `link:<request_id>`; SDK mode: `sdk:<the SDK's session id for one open()>`. */
  readonly id: string;
  readonly mode: 'sdk' | 'link';
  /** Link mode only: the `request_id` of the link the journey ran on. */
  readonly requestId?: string;
  readonly token: string;
  /** The email the journey ran with (the SDK's `email`, Generate Link's `email`); `''` when it had none. */
  readonly email: string;
  /** The user fields the journey ran with, as strings; the personal ones are gone once purged. */
  readonly fields: Readonly<Record<string, string>>;
  /** What the simulated document scan read (`FirstName`, `LastName`); empty once purged. */
  readonly documentData: Readonly<Record<string, string>>;
  readonly status: JourneyStatus;
  /** A number per journey, as `dcams_plus.confirmation`. */
  readonly confirmation: number;
  /** When the journey first got a result (the purge is counted from here). */
  readonly finishedAt: number;
  /** When its status last changed. */
  readonly updatedAt: number;
  readonly purged: boolean;
}

export interface FinishedJourney {
  id: string;
  mode: 'sdk' | 'link';
  requestId?: string;
  token: string;
  fields: Record<string, string>;
  status: JourneyStatus;
}

export interface JourneyStoreOptions {
  now: () => number;
  /** How long personal fields are kept after a journey ends, in milliseconds. */
  purgeAfterMs: number;
  /** Veratad's "storage on" account setting: never purge. */
  storageOn: boolean;
  /** Called with the journey after every status change (its first result included). */
  onStatusChange: (journey: JourneyRecord) => void;
}

/** More than any demo or test makes; beyond it the oldest journeys are forgotten. */
const MAX_JOURNEYS = 10_000;

function documentDataOf(fields: Record<string, string>): Record<string, string> {
  const data: Record<string, string> = {};
  if (fields.fn) data.FirstName = fields.fn;
  if (fields.ln) data.LastName = fields.ln;
  return data;
}

function purgedCopy(journey: JourneyRecord): JourneyRecord {
  const fields = { ...journey.fields };
  for (const name of PERSONAL_FIELDS) delete fields[name];
  return { ...journey, fields, documentData: {}, purged: true };
}

export class JourneyStore {
  readonly #journeys = new Map<string, JourneyRecord>();
  /** email → id of the journey with that email that ended last. */
  readonly #byEmail = new Map<string, string>();
  readonly #options: JourneyStoreOptions;

  constructor(options: JourneyStoreOptions) {
    this.#options = options;
  }

  /**
   * Records a journey's result. A new journey is remembered with its fields; a known one only changes status
   * (its fields stay those it started with). Every change of status, the first result included, is reported to
   * `onStatusChange`; the same status again changes nothing. Returns the journey as it now stands.
   */
  finish(finished: FinishedJourney): JourneyRecord {
    const known = this.get(finished.id);
    if (known) return this.setStatus(known.id, finished.status) ?? known;
    const now = this.#options.now();
    const fields = { ...finished.fields };
    const journey: JourneyRecord = {
      id: finished.id,
      mode: finished.mode,
      ...(finished.requestId === undefined ? {} : { requestId: finished.requestId }),
      token: finished.token,
      email: fields.email ?? '',
      fields,
      documentData: documentDataOf(fields),
      status: finished.status,
      confirmation: randomInt(10_000_000, 100_000_000),
      finishedAt: now,
      updatedAt: now,
      purged: false,
    };
    this.#forgetOldest();
    this.#journeys.set(journey.id, journey);
    if (journey.email) this.#byEmail.set(journey.email, journey.id);
    this.#options.onStatusChange(journey);
    return journey;
  }

  /** Changes a journey's status (e.g. a manual review's decision); undefined when the journey is unknown. */
  setStatus(id: string, status: JourneyStatus): JourneyRecord | undefined {
    const known = this.get(id);
    if (!known || known.status === status) return known;
    const journey: JourneyRecord = { ...known, status, updatedAt: this.#options.now() };
    this.#journeys.set(id, journey);
    this.#options.onStatusChange(journey);
    return journey;
  }

  get(id: string): JourneyRecord | undefined {
    this.#purgeDue();
    return this.#journeys.get(id);
  }

  /** The journey with this email (compared exactly) that ended last; undefined when there is none. */
  byEmail(email: string): JourneyRecord | undefined {
    const id = this.#byEmail.get(email);
    return id === undefined ? undefined : this.get(id);
  }

  /** Every journey remembered, oldest first. */
  list(): JourneyRecord[] {
    this.#purgeDue();
    return [...this.#journeys.values()];
  }

  /** Removes the personal fields of every journey that ended at least `purgeAfterMs` ago. */
  #purgeDue(): void {
    if (this.#options.storageOn) return;
    const cutoff = this.#options.now() - this.#options.purgeAfterMs;
    for (const journey of this.#journeys.values()) {
      if (!journey.purged && journey.finishedAt <= cutoff) this.#journeys.set(journey.id, purgedCopy(journey));
    }
  }

  #forgetOldest(): void {
    if (this.#journeys.size < MAX_JOURNEYS) return;
    const [oldest] = this.#journeys.values();
    if (!oldest) return;
    this.#journeys.delete(oldest.id);
    if (this.#byEmail.get(oldest.email) === oldest.id) this.#byEmail.delete(oldest.email);
  }
}
