/**
 * Veratad's verification result as documented for both User Status and the result callback (the DCAMS body:
 * person fields, `status`, `additionalData`, `dcams_plus`), checked with zod and turned into our field names.
 * Whatever else a body carries (the newer platform's journey, documents, images) is not read here.
 */
import * as z from 'zod/mini';

/** The person fields of a result, under Veratad's names. */
export const PERSON_FIELDS = ['fn', 'ln', 'addr', 'city', 'state', 'zip', 'dob', 'email', 'reference'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** The person a result is about, as Veratad holds it (its fields are purged after 2 hours unless storage is on). */
export type ResultPerson = Partial<Record<PersonField, string>>;

/** Veratad's document check (`dcams_plus`), without the data read from the document. */
export interface ResultDocument {
  confirmation?: string;
  action?: string;
  detail?: string;
  issues?: string[];
}

// Text Veratad may also send as a number (a zip, a reference, a confirmation number): kept as a string.
const scalar = z.nullish(z.union([z.string(), z.number()]));
const text = z.nullish(z.string());

const personShape = Object.fromEntries(PERSON_FIELDS.map((field) => [field, scalar])) as Record<
  PersonField,
  typeof scalar
>;

/** The documented result body. Every documented field may be missing or null; present, it must have its type. */
export const resultBody = z.looseObject({
  ...personShape,
  status: text,
  request_id: scalar,
  additionalData: z.optional(z.unknown()),
  dcams_plus: z.nullish(
    z.looseObject({ confirmation: scalar, action: text, detail: text, issues: z.nullish(z.array(z.string())) }),
  ),
});

export type ResultBody = z.infer<typeof resultBody>;

/** The parsed body, or the path of the first field that is not in the documented shape (no value is quoted). */
export function checkShape<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
): { ok: true; body: z.infer<S> } | { ok: false; at: string } {
  const result = z.safeParse(schema, body);
  if (result.success) return { ok: true, body: result.data };
  const path = result.error.issues[0]?.path ?? [];
  return { ok: false, at: path.length ? path.map(String).join('.') : '(the body)' };
}

/** A present, non-empty value as text. */
export function textOf(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const textValue = String(value);
  return textValue === '' ? undefined : textValue;
}

/** Veratad's status upper-cased (`PASS`, `FAIL`, `PENDING`, …); `undefined` when empty or missing. */
export function statusOf(value: string | null | undefined): string | undefined {
  const status = value?.trim().toUpperCase();
  return status || undefined;
}

export function personOf(body: ResultBody): ResultPerson {
  const person: ResultPerson = {};
  for (const field of PERSON_FIELDS) {
    const value = textOf(body[field]);
    if (value !== undefined) person[field] = value;
  }
  return person;
}

export function documentOf(body: ResultBody): ResultDocument | undefined {
  const dcams = body.dcams_plus;
  if (!dcams) return undefined;
  const document: ResultDocument = {};
  const confirmation = textOf(dcams.confirmation);
  if (confirmation !== undefined) document.confirmation = confirmation;
  if (dcams.action) document.action = dcams.action;
  if (dcams.detail) document.detail = dcams.detail;
  if (dcams.issues) document.issues = [...dcams.issues];
  return Object.keys(document).length ? document : undefined;
}

/** The host's own `additionalData`, when it is a JSON object. */
export function additionalDataOf(body: ResultBody): Record<string, unknown> | undefined {
  const data = body.additionalData;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}
