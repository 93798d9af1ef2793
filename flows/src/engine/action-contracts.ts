import { z } from 'zod';

/**
 * The named platform actions a flow may call. The gateway implements each one against core-api and must
 * accept exactly `input` and return exactly `output`; the engine parses both sides, so a drift shows up as
 * the step's onFailure branch and a validator error, never as a half-filled screen.
 */
const lang = z.string().regex(/^[a-z]{2,3}$/);
const triageLevel = z.enum(['emergency', 'urgent', 'routine', 'self_care']);
const point = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const id = z.string().min(1);

const practitionerSummary = z.object({
  id,
  name: z.string(),
  specialty: z.string(),
  /** Where the recommendation sees them: the id of the facility near the patient, or "remote". */
  place: id,
  facilityName: z.string(),
  reasons: z.array(z.string()),
});
const facilitySummary = z.object({
  id,
  name: z.string(),
  distanceKm: z.number().nullable(),
  phone: z.string().nullable(),
  openNow: z.boolean(),
  town: z.string().nullable().optional(),
  reasons: z.array(z.string()).optional(),
});
const slot = z.object({
  id,
  startsAt: z.string(),
  /** Date and time as the patient reads it, in their language and the facility's time zone. */
  when: z.string(),
});
const appointment = z.object({
  id,
  reference: z.string(),
  when: z.string(),
  practitionerId: id,
  practitionerName: z.string(),
  /** The id of its facility, or "remote". */
  place: id,
  facilityName: z.string(),
  status: z.enum(['booked', 'confirmed', 'completed', 'cancelled', 'no_show']),
});

interface ActionContract {
  input: z.ZodObject;
  output: z.ZodObject;
  /** Clinical actions are refused by the engine until the contact has consented. */
  requiresConsent: boolean;
}

const contract = <I extends z.ZodObject, O extends z.ZodObject>(input: I, output: O, requiresConsent: boolean) => ({
  input,
  output,
  requiresConsent,
});

export const ACTION_CONTRACTS = {
  resolvePatient: contract(
    z.strictObject({ lang: lang.optional() }),
    z.object({
      patientId: id,
      isNew: z.boolean(),
      /** The national emergency number of the patient's country ("112", "15", "999"). */
      emergencyNumber: z.string(),
      hotline: z.string(),
      areaId: z.string().nullable(),
      /** Where the patient is, when it is known: an emergency is sent to a facility only from there. */
      near: point.optional(),
    }),
    false,
  ),
  recordConsent: contract(
    z.strictObject({ version: z.string().min(1), accepted: z.boolean(), lang }),
    z.object({ recordedAt: z.string() }),
    false,
  ),
  setLanguage: contract(z.strictObject({ lang }), z.object({ lang }), false),
  assessTriage: contract(
    z.strictObject({
      ageYears: z.number().min(0).max(120),
      sex: z.enum(['female', 'male', 'other']),
      pregnant: z.boolean(),
      complaintText: z.string().max(500).optional(),
      findings: z.record(z.string(), z.boolean()),
      lang,
    }),
    z.object({
      level: triageLevel,
      specialty: z.string(),
      advice: z.string(),
      /** Signs that should bring the patient back, in their language. */
      returnIf: z.array(z.string()),
      nextQuestions: z.array(z.object({ id, findingCodes: z.array(z.string()).min(1), text: z.string() })),
      isFinal: z.boolean(),
      /** Present once the assessment is final and stored. */
      triageRecordId: id.optional(),
      protocolVersion: z.string(),
    }),
    true,
  ),
  recommend: contract(
    z.strictObject({
      need: z.string().min(1),
      level: triageLevel.optional(),
      triageRecordId: id.optional(),
      areaId: id.optional(),
      near: point.optional(),
      lang,
    }),
    z.object({ practitioners: z.array(practitionerSummary), facilities: z.array(facilitySummary) }),
    true,
  ),
  listSlots: contract(
    z.strictObject({
      practitionerId: id,
      /** Times at this place only (a facility id, or "remote"); without it, the practitioner's first place. */
      place: id.optional(),
      limit: z.number().int().min(1).max(20).optional(),
      lang,
    }),
    z.object({ slots: z.array(slot) }),
    true,
  ),
  book: contract(
    z.strictObject({ practitionerId: id, slotId: id, triageRecordId: id.optional(), lang }),
    z.object({
      appointmentId: id,
      reference: z.string(),
      when: z.string(),
      practitionerName: z.string(),
      facilityName: z.string(),
    }),
    true,
  ),
  myAppointments: contract(z.strictObject({ lang }), z.object({ appointments: z.array(appointment) }), true),
  cancelAppointment: contract(z.strictObject({ appointmentId: id }), z.object({ appointmentId: id }), true),
  rescheduleAppointment: contract(
    z.strictObject({ appointmentId: id, slotId: id, lang }),
    z.object({ appointmentId: id, when: z.string() }),
    true,
  ),
  findFacilities: contract(
    z.strictObject({
      need: z.enum(['any', 'emergency', 'maternity', 'pharmacy', 'beds']),
      medicine: z.string().min(1).optional(),
      areaId: id.optional(),
      town: z.string().min(1).optional(),
      near: point.optional(),
      openNow: z.boolean().optional(),
      limit: z.number().int().min(1).max(20).optional(),
      lang,
    }),
    z.object({ facilities: z.array(facilitySummary) }),
    true,
  ),
  listAreas: contract(
    z.strictObject({ parentId: id.optional(), lang }),
    z.object({ areas: z.array(z.object({ id, name: z.string() })) }),
    true,
  ),
  askDoctor: contract(
    z.strictObject({ text: z.string().min(1).max(1000), consultationId: id.optional(), lang }),
    z.object({ consultationId: id, isNew: z.boolean() }),
    true,
  ),
  lastCompletedAppointment: contract(
    z.strictObject({ lang }),
    z.object({ appointment: z.object({ id, when: z.string(), practitionerName: z.string() }).nullable() }),
    true,
  ),
  submitReview: contract(
    z.strictObject({
      appointmentId: id,
      rating: z.number().int().min(1).max(5),
      comment: z.string().max(500).optional(),
    }),
    z.object({ reviewId: id }),
    true,
  ),
  optOut: contract(z.strictObject({}), z.object({ optedOutAt: z.string() }), false),
  optIn: contract(z.strictObject({}), z.object({ optedInAt: z.string() }), false),
  requestErasure: contract(z.strictObject({ lang }), z.object({ requestId: id, dueBy: z.string() }), false),
} satisfies Record<string, ActionContract>;

export type ActionName = keyof typeof ACTION_CONTRACTS;
export type ActionInput<Name extends ActionName> = z.infer<(typeof ACTION_CONTRACTS)[Name]['input']>;
export type ActionOutput<Name extends ActionName> = z.infer<(typeof ACTION_CONTRACTS)[Name]['output']>;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTION_CONTRACTS, name);
}

export function findActionContract(name: string): ActionContract | undefined {
  return isActionName(name) ? ACTION_CONTRACTS[name] : undefined;
}
