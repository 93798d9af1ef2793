import type { FacilityService } from '../facilities/facility-vocabulary';
import type { Specialty } from './care-needs';

export type Lang = 'fr' | 'en';

/** What the patient goes to, per needed service; `feminine` drives French agreement (ouverte, la plus proche). */
const PLACES: Record<FacilityService, { en: string; fr: string; feminine: boolean }> = {
  outpatient: { en: 'health facility', fr: 'établissement de santé', feminine: false },
  emergency: { en: 'emergency unit', fr: "service d'urgences", feminine: false },
  maternity: { en: 'maternity', fr: 'maternité', feminine: true },
  inpatient: { en: 'hospital', fr: 'hôpital', feminine: false },
  laboratory: { en: 'laboratory', fr: 'laboratoire', feminine: false },
  pharmacy: { en: 'pharmacy', fr: 'pharmacie', feminine: true },
  vaccination: { en: 'vaccination centre', fr: 'centre de vaccination', feminine: false },
  dental: { en: 'dental clinic', fr: 'cabinet dentaire', feminine: false },
  eye: { en: 'eye clinic', fr: "service d'ophtalmologie", feminine: false },
  mental_health: { en: 'mental health service', fr: 'service de santé mentale', feminine: false },
  hiv_tb: { en: 'HIV and TB clinic', fr: 'centre VIH et tuberculose', feminine: false },
  surgery: { en: 'surgical unit', fr: 'service de chirurgie', feminine: false },
};

const SPECIALTY_NAMES: Record<Specialty, { en: string; fr: string }> = {
  general: { en: 'general practitioner', fr: 'médecin généraliste' },
  pediatrics: { en: 'paediatrician', fr: 'pédiatre' },
  obstetrics: { en: 'obstetrician', fr: 'obstétricien·ne' },
  mental_health: { en: 'mental health specialist', fr: 'spécialiste en santé mentale' },
  dermatology: { en: 'dermatologist', fr: 'dermatologue' },
  dentistry: { en: 'dentist', fr: 'dentiste' },
  ophthalmology: { en: 'eye doctor', fr: 'ophtalmologue' },
  surgery: { en: 'surgeon', fr: 'chirurgien·ne' },
  internal_medicine: { en: 'internist', fr: 'interniste' },
};

const LANGUAGE_NAMES: Record<string, { en: string; fr: string }> = {
  fr: { en: 'French', fr: 'français' },
  en: { en: 'English', fr: 'anglais' },
};

/** Built once: constructing an Intl.NumberFormat costs far more than formatting with it. */
const ONE_DECIMAL: Record<Lang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export function formatKm(km: number, lang: Lang): string {
  return `${formatOneDecimal(km, lang)} km`;
}

/**
 * ONE_DECIMAL's output, without Intl for the usual values (formatting with Intl was one of the larger costs of
 * ranking). Intl rounds the shortest decimal form of the number (String(0.15) is "0.15", so 0.2) half away
 * from zero; below 999.95 there is no grouping to add.
 */
function formatOneDecimal(value: number, lang: Lang): string {
  const digits = /^(\d{1,3})(?:\.(\d)(\d?)\d*)?$/.exec(String(value));
  if (!digits || value >= 999.95) return ONE_DECIMAL[lang].format(value);
  const [, whole = '0', tenth = '0', hundredth = ''] = digits;
  const tenths = Number(whole) * 10 + Number(tenth) + (hundredth >= '5' ? 1 : 0);
  const text = tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
  return lang === 'fr' ? text.replace('.', ',') : text;
}

function formatRating(rating: number, count: number, lang: Lang): string {
  const value = ONE_DECIMAL[lang].format(rating);
  if (lang === 'fr') return `noté ${value}/5 (${count} avis)`;
  return `rated ${value}/5 (${count} ${count === 1 ? 'review' : 'reviews'})`;
}

function formatAge(hours: number, lang: Lang): string {
  const days = Math.floor(hours / 24);
  if (days >= 1)
    return lang === 'fr' ? `il y a ${days} jour${days > 1 ? 's' : ''}` : `${days} day${days > 1 ? 's' : ''} ago`;
  const whole = Math.max(1, Math.floor(hours));
  return lang === 'fr' ? `il y a ${whole} h` : `${whole} h ago`;
}

export interface FacilityReasonFacts {
  service: FacilityService;
  isNearest: boolean;
  openNow: boolean;
  distanceKm: number | null;
  freeBeds: { count: number; stale: boolean; ageHours: number } | null;
  medicine: { item: string; available: boolean; stale: boolean; ageHours: number } | null;
  emergencyCapable: boolean;
  showEmergency: boolean;
  rating: { rating: number; count: number };
}

/**
 * Short sentences, the first one a summary: "nearest open maternity, 3.2 km, 4 free beds" /
 * "maternité ouverte la plus proche, 3,2 km, 4 lits libres". Stale figures say how old they are.
 */
export function renderFacilityReasons(facts: FacilityReasonFacts, lang: Lang): string[] {
  const place = PLACES[facts.service];
  const headline: string[] = [];
  if (lang === 'fr') {
    const open = facts.openNow ? (place.feminine ? ' ouverte' : ' ouvert') : '';
    const nearest = facts.isNearest ? (place.feminine ? ' la plus proche' : ' le plus proche') : '';
    const closed = facts.openNow ? '' : place.feminine ? ', fermée en ce moment' : ', fermé en ce moment';
    headline.push(`${place.fr}${open}${nearest}${closed}`);
  } else {
    headline.push(
      `${facts.isNearest ? 'nearest ' : ''}${facts.openNow ? 'open ' : ''}${place.en}${facts.openNow ? '' : ', closed now'}`,
    );
  }
  if (facts.distanceKm !== null) headline.push(formatKm(facts.distanceKm, lang));
  if (facts.freeBeds) headline.push(bedsPhrase(facts.freeBeds.count, lang));
  const reasons = [headline.join(', ')];
  if (facts.medicine) {
    const { item, available } = facts.medicine;
    reasons.push(
      lang === 'fr'
        ? `${item} : ${available ? 'en stock' : 'en rupture'}`
        : `${item} ${available ? 'in stock' : 'out of stock'}`,
    );
  }
  const stale = [facts.freeBeds, facts.medicine].filter((fact) => fact?.stale);
  if (stale.length > 0) {
    const oldest = Math.max(...stale.map((fact) => fact?.ageHours ?? 0));
    reasons.push(
      lang === 'fr'
        ? `chiffres publiés ${formatAge(oldest, lang)}, peut-être plus à jour`
        : `figures published ${formatAge(oldest, lang)}, may be out of date`,
    );
  }
  if (facts.showEmergency && facts.emergencyCapable)
    reasons.push(lang === 'fr' ? 'accueille les urgences' : 'takes emergencies');
  if (facts.rating.count > 0) reasons.push(formatRating(facts.rating.rating, facts.rating.count, lang));
  return reasons;
}

function bedsPhrase(count: number, lang: Lang): string {
  if (lang === 'fr')
    return count === 0 ? 'aucun lit libre' : `${count} lit${count > 1 ? 's' : ''} libre${count > 1 ? 's' : ''}`;
  return count === 0 ? 'no free bed' : `${count} free bed${count > 1 ? 's' : ''}`;
}

export interface PractitionerReasonFacts {
  specialty: Specialty;
  standsIn: boolean;
  facilityName: string | null;
  distanceKm: number | null;
  hoursToSlot: number | null;
  speaksLanguage: boolean;
  rating: { rating: number; count: number };
}

/** "paediatrician at Kawempe Health Centre III, 2.1 km, free slot in 3 h" / "pédiatre à ..., créneau libre dans 3 h". */
export function renderPractitionerReasons(facts: PractitionerReasonFacts, lang: Lang): string[] {
  const role = SPECIALTY_NAMES[facts.standsIn ? 'general' : facts.specialty][lang];
  const headline = [
    facts.facilityName
      ? `${role} ${lang === 'fr' ? 'à' : 'at'} ${facts.facilityName}`
      : `${role}, ${lang === 'fr' ? 'consultation à distance' : 'remote consultation'}`,
  ];
  if (facts.distanceKm !== null) headline.push(formatKm(facts.distanceKm, lang));
  headline.push(slotPhrase(facts.hoursToSlot, lang));
  const reasons = [headline.join(', ')];
  if (facts.speaksLanguage) {
    const language = LANGUAGE_NAMES[lang]?.[lang] ?? lang;
    reasons.push(lang === 'fr' ? `parle ${language}` : `speaks ${language}`);
  }
  if (facts.standsIn) {
    const wanted = SPECIALTY_NAMES[facts.specialty][lang];
    reasons.push(
      lang === 'fr'
        ? `généraliste : un premier avis avant un·e ${wanted}`
        : `general practitioner: a first opinion before a ${wanted}`,
    );
  }
  if (facts.rating.count > 0) reasons.push(formatRating(facts.rating.rating, facts.rating.count, lang));
  return reasons;
}

function slotPhrase(hours: number | null, lang: Lang): string {
  if (hours === null) return lang === 'fr' ? 'aucun créneau libre sous 14 jours' : 'no free slot within 14 days';
  if (hours < 1) return lang === 'fr' ? 'créneau libre dans moins d’une heure' : 'free slot within the hour';
  if (hours < 24) {
    const whole = Math.round(hours);
    return lang === 'fr' ? `créneau libre dans ${whole} h` : `free slot in ${whole} h`;
  }
  const days = Math.round(hours / 24);
  return lang === 'fr'
    ? `créneau libre dans ${days} jour${days > 1 ? 's' : ''}`
    : `free slot in ${days} day${days > 1 ? 's' : ''}`;
}
