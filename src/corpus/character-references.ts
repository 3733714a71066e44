// HTML character references: the named ones news pages use, every accented Latin letter, and
// numeric references (with the Windows-1252 range that old pages still emit).

import { own } from '../core/own.ts';

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', hairsp: ' ',
  ndash: '–', mdash: '—', horbar: '―', minus: '−', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”',
  bdquo: '„', laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', hellip: '…', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼',
  frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', micro: 'µ', para: '¶', sect: '§', cent: '¢', pound: '£',
  yen: '¥', euro: '€', curren: '¤', iexcl: '¡', iquest: '¿', shy: '', zwj: '', zwnj: '', lrm: '', rlm: '',
  szlig: 'ß', oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', oelig: 'œ', OElig: 'Œ', eth: 'ð', ETH: 'Ð',
  thorn: 'þ', THORN: 'Þ', prime: '′', Prime: '″', larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔',
  le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', dagger: '†', Dagger: '‡', permil: '‰', circ: 'ˆ',
  tilde: '˜', ordf: 'ª', ordm: 'º', not: '¬', macr: '¯', acute: '´', cedil: '¸', uml: '¨', brvbar: '¦',
  scaron: 'š', Scaron: 'Š', zcaron: 'ž', Zcaron: 'Ž', Yuml: 'Ÿ', dollar: '$', percnt: '%', num: '#',
  excl: '!', quest: '?', comma: ',', period: '.', colon: ':', semi: ';', lpar: '(', rpar: ')', sol: '/',
  bsol: '\\', ast: '*', plus: '+', equals: '=', lowbar: '_', commat: '@', lsqb: '[', rsqb: ']', lcub: '{',
  rcub: '}', verbar: '|', grave: '`', Hat: '^', newline: '\n', Tab: '\t', check: '✓', star: '☆', starf: '★',
};

const MARKS: Record<string, string> = {
  acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', ring: '\u030a', cedil: '\u0327', caron: '\u030c',
};

const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

function named(name: string): string | undefined {
  const direct = own(NAMED, name);
  if (direct !== undefined) return direct;
  const m = /^([A-Za-z])(acute|grave|circ|uml|tilde|ring|cedil|caron)$/.exec(name);
  if (m) return (m[1] + MARKS[m[2]]).normalize('NFC');
  return undefined;
}

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  const mapped = CP1252[code];
  return String.fromCodePoint(mapped ?? code);
}

/** Decodes character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const value = name === undefined ? undefined : named(name);
    // A bare `&name` without `;` only decodes for the old entities browsers accept that way.
    if (value === undefined || (!whole.endsWith(';') && !['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'].includes(name!))) return whole;
    return value;
  });
}
