/**
 * A finished journey in Veratad's documented result shape (DCAMS): the body of a `POST /user/status` answer
 * and of a result callback. Keys and their order are Veratad's; the values of `detail` and `issues` are ours
 * except PENDING's `detail`, which is the documented example's.
 */
import { PERSONAL_FIELDS, type JourneyRecord, type JourneyStatus } from './journeys.js';

/** `dcams_plus.detail` and `dcams_plus.issues` for each result. */
export const RESULT_TEXTS: Readonly<Record<JourneyStatus, { detail: string; issues: readonly string[] }>> = {
  PASS: { detail: 'SIMULATED: DOCUMENT ACCEPTED', issues: [] },
  FAIL: { detail: 'SIMULATED: DOCUMENT NOT ACCEPTED', issues: ['SIMULATED: THE DOCUMENT COULD NOT BE VERIFIED'] },
  PENDING: { detail: 'MORE INFORMATION IS REQUIRED', issues: ['SIMULATED: SENT TO MANUAL REVIEW'] },
};

/** The SDK's `additionalData` is JSON text; the result carries it parsed. Anything but an object gives `{}`. */
function additionalDataOf(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The fields both bodies share, in the documented order. A field the journey did not have, or that was purged,
 * is `""` (`document_data` then is `{}`).
 */
export function dcamsResult(journey: JourneyRecord): Record<string, unknown> {
  // The personal fields open the body, in the documented order; `email` follows `dob`.
  const body: Record<string, unknown> = {};
  for (const name of PERSONAL_FIELDS) body[name] = journey.fields[name] ?? '';
  const texts = RESULT_TEXTS[journey.status];
  return {
    ...body,
    email: journey.email,
    reference: journey.fields.reference ?? '',
    status: journey.status,
    additionalData: additionalDataOf(journey.fields.additionalData),
    dcams_plus: {
      document_data: { ...journey.documentData },
      confirmation: journey.confirmation,
      action: journey.status,
      detail: texts.detail,
      issues: [...texts.issues],
    },
  };
}

/** The `POST /user/status` answer for a known email: the result plus `documents: null` and `found: true`. */
export function statusAnswer(journey: JourneyRecord): Record<string, unknown> {
  return { ...dcamsResult(journey), documents: null, found: true };
}

/** A result callback's body: the result, plus `request_id` for a journey that ran on a generated link. */
export function callbackBody(journey: JourneyRecord): Record<string, unknown> {
  return journey.requestId === undefined
    ? dcamsResult(journey)
    : { ...dcamsResult(journey), request_id: journey.requestId };
}
