import { date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

/**
 * A passport's data page. Its labels come in the issuing state's languages as well as English, and its machine
 * readable zone ("P<UTO...") names the type whatever the language.
 */
export const passport = defineDocumentType({
  type: 'passport',
  sparseText: true,
  title: 'Passport',
  group: 'identity',
  signals: [
    { pattern: /\bpassport\b|passeport|reisepass|pasaporte|passaporto/i, weight: 4 },
    { pattern: /^P[<K][A-Z<]{3}/m, weight: 5 },
    { pattern: /nationality|nationalit[eé]/i, weight: 1 },
  ],
  fields: [
    { ...text('passport_number', [/passport no\.?|passport number|no\. du passeport|pass-nr/i], { pii: true, validate: /^[A-Z0-9]{6,10}$/i }), mrz: 'documentNumber' },
    // The whole name, surname first, from the machine-readable zone: the name the packet's other documents are held to.
    { ...personName('full_name', [], { required: false }), mrz: 'name' },
    // The printed name comes in two fields (surname, given names), in the issuing state's languages.
    { name: 'surname', kind: 'text', labels: [/surname|^nom\b|^name\b/i], required: false, pii: true },
    { name: 'given_names', kind: 'text', labels: [/given names?|pr[eé]noms?|vornamen/i], required: false, pii: true },
    { name: 'date_of_birth', kind: 'date', labels: [/date of birth|date de naissance|geburtstag/i], required: true, pii: true, role: 'date_of_birth', mrz: 'dateOfBirth' },
    date('issue_date', [/date of issue|date de d[eé]livrance/i]),
    { ...date('expiration_date', [/date of expiry|date of expiration|date d'expiration|g[uü]ltig bis/i], { required: true, role: 'expires' }), mrz: 'expiry' },
    text('nationality', [/nationality|nationalit[eé]/i]),
  ],
});
