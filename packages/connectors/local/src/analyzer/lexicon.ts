/**
 * Word lists for the heuristic analyzer. Valences are -3..3 in the style of AFINN/VADER. Words that
 * are clinical rather than emotional ("pain", "cavity") are deliberately absent: a caller with a
 * toothache is a hot lead, not an unhappy customer.
 */

export const VALENCE: Readonly<Record<string, number>> = {
  // positive
  thanks: 1.5, thank: 1.5, great: 2, perfect: 2.5, wonderful: 3, awesome: 3, excellent: 3, amazing: 3,
  fantastic: 3, appreciate: 2, appreciated: 2, happy: 2, glad: 2, love: 2.5, good: 1.5, nice: 1.5,
  helpful: 2, pleased: 2, lovely: 2.5, best: 2, friendly: 2, easy: 1, convenient: 1.5, fine: 0.5,
  // negative
  angry: -3, upset: -2.5, frustrated: -2.5, frustrating: -2.5, terrible: -3, awful: -3, horrible: -3,
  rude: -3, worst: -3, unacceptable: -3, disappointed: -2.5, disappointing: -2.5, annoyed: -2,
  ridiculous: -2.5, bad: -2, poor: -2, hate: -3, unhappy: -2.5, incompetent: -3, ignored: -2,
  complaint: -1.5, complain: -1.5, overcharged: -2.5, mistake: -1.5, wrong: -1.5, waited: -1,
  problem: -1, confused: -1, sucks: -3, worse: -2.5, unprofessional: -3, mad: -2.5,
};

export const NEGATORS = new Set([
  'not', 'no', 'never', "don't", "didn't", "doesn't", "isn't", "wasn't", "aren't", "weren't", "can't",
  "couldn't", "won't", "wouldn't", 'nobody', 'nothing', 'hardly', 'without', "haven't", "hasn't",
]);

export const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, super: 1.5, totally: 1.4, absolutely: 1.5, incredibly: 1.7,
};

/** Phrases per intent; weights favour the more specific intents over the generic booking words they contain. */
export const INTENT_PHRASES: Readonly<Record<string, { phrases: readonly string[]; weight: number }>> = {
  complaint: {
    weight: 3,
    phrases: ['complaint', 'complain', 'unacceptable', 'rude', 'speak to a manager', 'talk to a manager', 'terrible service', 'worst', 'very upset', 'frustrated', 'disappointed'],
  },
  cancel: { weight: 3, phrases: ['cancel', 'cancellation', 'call off', "can't make it", "won't be able to make", 'not going to make it'] },
  reschedule: {
    weight: 4,
    phrases: ['reschedule', 'move my appointment', 'change my appointment', 'push my appointment', 'different time', 'different day', 'another day', 'move it to'],
  },
  billing: {
    weight: 2,
    phrases: ['bill', 'billing', 'invoice', 'charged', 'charge', 'payment', 'pay my', 'balance', 'refund', 'statement', 'copay', 'owe'],
  },
  book_appointment: {
    weight: 2,
    phrases: ['book', 'schedule', 'make an appointment', 'set up an appointment', 'get an appointment', 'come in', 'get in', 'see the doctor', 'see the dentist', 'availability', 'available', 'opening', 'new patient', "i'd like an appointment", 'need an appointment'],
  },
  question: {
    weight: 1,
    phrases: ['do you', 'what are', 'what is', 'how much', 'hours', 'accept', 'is there', 'can you tell me', 'wondering', 'question', 'where are you'],
  },
};

/** Generic clinic services, used when the clinic's own service list does not match. */
export const COMMON_SERVICES = [
  'teeth cleaning', 'cleaning', 'checkup', 'check-up', 'exam', 'filling', 'crown', 'root canal', 'whitening',
  'extraction', 'implant', 'implants', 'braces', 'invisalign', 'veneers', 'consultation', 'physical',
  'x-ray', 'x-rays', 'vaccination', 'flu shot', 'follow-up', 'botox', 'filler', 'facial', 'massage',
  'physical therapy', 'eye exam', 'blood work', 'dentures', 'emergency visit',
] as const;

export const INSURERS = [
  'Delta Dental', 'Aetna', 'Cigna', 'UnitedHealthcare', 'United Healthcare', 'Blue Cross Blue Shield', 'Blue Cross',
  'Blue Shield', 'BCBS', 'Humana', 'Kaiser Permanente', 'Kaiser', 'MetLife', 'Guardian', 'Anthem', 'Tricare',
  'Medicaid', 'Medicare', 'Ameritas', 'Principal', 'Oscar', 'Molina', 'Centene', 'Highmark', 'Wellcare',
] as const;

export const INSURANCE_WORDS = ['insurance', 'insured', 'coverage', 'covered', 'in-network', 'in network', 'ppo', 'hmo', 'copay', 'deductible'] as const;

export const NEW_PATIENT_YES = ['new patient', 'first time', 'first visit', 'never been', "haven't been there", "haven't been in", 'just moved', 'looking for a new dentist', 'looking for a new doctor'] as const;
export const NEW_PATIENT_NO = ['existing patient', 'returning patient', 'current patient', 'my last visit', 'last time i was', "i'm a patient", 'been coming', 'been seeing', 'my usual', 'my regular'] as const;

export const URGENCY = ['asap', 'as soon as possible', 'urgent', 'urgently', 'emergency', 'right away', 'today', 'in pain', 'hurts', 'bleeding', 'swollen', 'broke', 'broken', 'chipped', 'soonest'] as const;

/** What an agent says only once a booking exists (the voice tools' confirmation line). */
export const BOOKED_CONFIRMATIONS = ["you're booked", 'you are booked', 'your confirmation code is'];
