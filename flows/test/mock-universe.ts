/**
 * The one fake in the flow tests: scripted answers standing in for core-api behind the gateway's actions
 * (goflow's MockUniverse). Ids and dates are fixed so transcripts read the same on every run.
 */
export type ActionReply = { ok: true; output: unknown } | { ok: false };
export type Universe = Record<string, (input: Record<string, unknown>, call: number) => ActionReply>;

const ok = (output: unknown): ActionReply => ({ ok: true, output });
const isFr = (input: Record<string, unknown>) => input['lang'] !== 'en';

export interface TriageScript {
  level: 'emergency' | 'urgent' | 'routine' | 'self_care';
  specialty?: string;
  questions: { id: string; findingCodes: string[]; text: { fr: string; en: string } }[];
  returnIf?: { fr: string[]; en: string[] };
}

/** core-api's level headlines (../shared/triage/findings.json). */
const HEADLINES = {
  emergency: { fr: 'Allez aux urgences maintenant', en: 'Go to an emergency service now' },
  urgent: { fr: "Consultez un soignant aujourd'hui", en: 'See a health worker today' },
  routine: { fr: 'Prenez rendez-vous dans les prochains jours', en: 'Book a consultation in the coming days' },
  self_care: {
    fr: 'Soins à domicile, avec les signes qui doivent faire consulter',
    en: 'Care at home, with advice on when to come',
  },
} as const;

/**
 * As core-api words it: a final assessment's advice opens with its level's headline and ends with the signs
 * that should bring the patient back, when there are some.
 */
function adviceOf(lang: 'fr' | 'en', level: TriageScript['level'] | undefined, returnIf: string[]): string {
  const now = lang === 'fr' ? 'Buvez beaucoup d’eau et reposez-vous.' : 'Drink plenty of water and rest.';
  const advice = level ? `${HEADLINES[level][lang]}. ${now}` : now;
  if (returnIf.length === 0) return advice;
  const intro =
    lang === 'fr'
      ? 'Consultez tout de suite si l’un de ces signes apparaît :'
      : 'Seek care at once if any of these appear:';
  return `${advice} ${intro} ${returnIf.join(lang === 'fr' ? ' ; ' : '; ')}.`;
}

export function createUniverse(triage: TriageScript = SELF_CARE, overrides: Partial<Universe> = {}): Universe {
  const base: Universe = {
    resolvePatient: () =>
      ok({ patientId: 'pat-1', isNew: false, emergencyNumber: '112', hotline: '1510', areaId: 'area-wouri' }),
    recordConsent: () => ok({ recordedAt: '2026-11-26T09:00:00Z' }),
    setLanguage: (input) => ok({ lang: input['lang'] }),
    assessTriage: (input, call) => {
      const question = triage.questions[call];
      const lang = isFr(input) ? 'fr' : 'en';
      const returnIf = question ? [] : (triage.returnIf?.[lang] ?? []);
      return ok({
        level: question ? 'routine' : triage.level,
        specialty: triage.specialty ?? 'general',
        advice: adviceOf(lang, question ? undefined : triage.level, returnIf),
        returnIf,
        nextQuestions: question
          ? [{ id: question.id, findingCodes: question.findingCodes, text: question.text[lang] }]
          : [],
        isFinal: !question,
        ...(question ? {} : { triageRecordId: 'tri-1' }),
        protocolVersion: '2026.1',
      });
    },
    recommend: () =>
      ok({
        practitioners: [
          {
            id: 'prac-1',
            name: 'Dr Awa Ndiaye',
            specialty: 'general',
            place: 'fac-2',
            facilityName: 'CS Bonanjo',
            reasons: ['nearest'],
          },
          {
            id: 'prac-2',
            name: 'Dr Paul Mbarga',
            specialty: 'general',
            place: 'fac-1',
            facilityName: 'Hôpital Laquintinie',
            reasons: ['free soon'],
          },
        ],
        facilities: [],
      }),
    listSlots: (input) =>
      ok({
        slots: [
          {
            id: 'slot-1',
            startsAt: '2026-12-01T08:00:00Z',
            when: isFr(input) ? 'mar. 1 déc. 09:00' : 'Tue 1 Dec 09:00',
          },
          {
            id: 'slot-2',
            startsAt: '2026-12-01T09:00:00Z',
            when: isFr(input) ? 'mar. 1 déc. 10:00' : 'Tue 1 Dec 10:00',
          },
        ],
      }),
    book: (input) =>
      ok({
        appointmentId: 'appt-1',
        reference: 'ML-4821',
        when: isFr(input) ? 'mar. 1 déc. 09:00' : 'Tue 1 Dec 09:00',
        practitionerName: 'Dr Awa Ndiaye',
        facilityName: 'CS Bonanjo',
      }),
    myAppointments: (input) =>
      ok({
        appointments: [
          {
            id: 'appt-1',
            reference: 'ML-4821',
            when: isFr(input) ? 'mar. 1 déc. 09:00' : 'Tue 1 Dec 09:00',
            practitionerId: 'prac-1',
            practitionerName: 'Dr Awa Ndiaye',
            place: 'fac-2',
            facilityName: 'CS Bonanjo',
            status: 'booked',
          },
        ],
      }),
    cancelAppointment: (input) => ok({ appointmentId: input['appointmentId'] }),
    rescheduleAppointment: (input) =>
      ok({ appointmentId: input['appointmentId'], when: isFr(input) ? 'mar. 1 déc. 10:00' : 'Tue 1 Dec 10:00' }),
    // As core-api: a distance only from a position (a location pin), none for an area or a town.
    findFacilities: (input) => {
      const km = (distance: number) => (input['near'] ? distance : null);
      return ok({
        facilities:
          input['need'] === 'emergency'
            ? [
                {
                  id: 'fac-1',
                  name: 'Hôpital Laquintinie',
                  distanceKm: km(2.4),
                  phone: '+237 233 42 11 00',
                  openNow: true,
                },
              ]
            : [
                { id: 'fac-2', name: 'CS Bonanjo', distanceKm: km(1.2), phone: '+237 233 42 00 00', openNow: true },
                { id: 'fac-3', name: 'Pharmacie du Centre', distanceKm: km(1.9), phone: null, openNow: false },
              ],
      });
    },
    listAreas: (input) =>
      ok({
        areas: input['parentId']
          ? [
              { id: 'area-wouri', name: 'Wouri' },
              { id: 'area-sanaga', name: 'Sanaga-Maritime' },
            ]
          : [
              { id: 'area-littoral', name: 'Littoral' },
              { id: 'area-centre', name: 'Centre' },
            ],
      }),
    askDoctor: (input) => ok({ consultationId: 'cons-1', isNew: input['consultationId'] === undefined }),
    lastCompletedAppointment: (input) =>
      ok({
        appointment: {
          id: 'appt-0',
          when: isFr(input) ? 'lun. 23 nov.' : 'Mon 23 Nov',
          practitionerName: 'Dr Awa Ndiaye',
        },
      }),
    submitReview: () => ok({ reviewId: 'rev-1' }),
    optOut: () => ok({ optedOutAt: '2026-11-26T09:00:00Z' }),
    optIn: () => ok({ optedInAt: '2026-11-26T09:00:00Z' }),
    requestErasure: () => ok({ requestId: 'era-1', dueBy: '2026-12-26' }),
  };
  const universe: Universe = { ...base };
  for (const [name, reply] of Object.entries(overrides)) if (reply) universe[name] = reply;
  return universe;
}

export const SELF_CARE: TriageScript = { level: 'self_care', questions: [] };
/** A patient whose position core-api knows: an emergency can name the nearest facility. */
export const KNOWN_POSITION: Partial<Universe> = {
  resolvePatient: () =>
    ok({
      patientId: 'pat-1',
      isNew: false,
      emergencyNumber: '112',
      hotline: '1510',
      areaId: 'area-wouri',
      near: { lat: 4.05, lon: 9.7 },
    }),
};

export const EMERGENCY_AFTER_ONE_QUESTION: TriageScript = {
  level: 'emergency',
  questions: [
    {
      id: 'q-breathing',
      findingCodes: ['severe_breathing_difficulty'],
      text: { fr: 'Respire-t-il avec grande difficulté ?', en: 'Is breathing very difficult?' },
    },
  ],
};
