/**
 * SBA (Serviceberichten Aanslag) records of the assumed Nextens contract
 * (docs/vendors/nextens-contract.md §B.2 `Sba`) and the XBRL
 * instance the emulator returns on GET /sba/{id}. The XBRL is a well-formed placeholder instance in an
 * emulator namespace, not the Belastingdienst SBR taxonomy (the contract says the client treats it as opaque).
 */
import { isCalendarDate } from './identifiers';
import { MIDDELEN, type Middel } from './clients';

export const SBA_STATUSES = ['nieuw', 'gecontroleerd', 'afwijkend', 'afgehandeld'] as const;
export const BERICHTSOORTEN = ['aanslag', 'kennisgeving', 'beschikking'] as const;
export type SbaStatus = (typeof SBA_STATUSES)[number];

export interface Sba {
	id: string;
	klantId: string;
	fiscaalNummer: string;
	middel: Middel;
	jaar: number;
	tijdvak: string | null;
	berichtsoort: (typeof BERICHTSOORTEN)[number];
	soortAanslag: string | null;
	kenmerk: string;
	dagtekening: string;
	vervaldatum: string | null;
	bedrag: string;
	status: SbaStatus;
	ontvangenOp: string;
}

/** Stored SBA: the list shape plus an optional fixed XBRL text (generated from the fields when absent). */
export interface StoredSba extends Sba {
	xbrl?: string | null;
}

export function listItem(s: StoredSba): Sba {
	return {
		id: s.id,
		klantId: s.klantId,
		fiscaalNummer: s.fiscaalNummer,
		middel: s.middel,
		jaar: s.jaar,
		tijdvak: s.tijdvak,
		berichtsoort: s.berichtsoort,
		soortAanslag: s.soortAanslag,
		kenmerk: s.kenmerk,
		dagtekening: s.dagtekening,
		vervaldatum: s.vervaldatum,
		bedrag: s.bedrag,
		status: s.status,
		ontvangenOp: s.ontvangenOp,
	};
}

export function detail(s: StoredSba): Sba & { xbrl: string } {
	return { ...listItem(s), xbrl: s.xbrl ?? xbrlInstance(s) };
}

// ---- timestamps ------------------------------------------------------------------------------

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** ISO 8601 timestamp with Z/offset, or a plain date (midnight UTC) -> canonical `toISOString()` form; null if invalid. */
export function canonicalTimestamp(input: string): string | null {
	const m = TIMESTAMP.exec(input);
	if (!m || !isCalendarDate(m[1])) return null;
	if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)) return null;
	const ms = Date.parse(m[2] === undefined ? `${m[1]}T00:00:00.000Z` : input);
	if (Number.isNaN(ms)) return null;
	return new Date(ms).toISOString();
}

// ---- BTW tijdvak -> period ---------------------------------------------------------------------

function lastDay(y: number, m: number): string {
	return String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
}

export function periodOf(s: Pick<Sba, 'jaar' | 'tijdvak'>): { start: string; end: string } {
	const q = s.tijdvak ? /^(\d{4})-Q([1-4])$/.exec(s.tijdvak) : null;
	if (q) {
		const y = Number(q[1]);
		const first = (Number(q[2]) - 1) * 3 + 1;
		const last = first + 2;
		return {
			start: `${y}-${String(first).padStart(2, '0')}-01`,
			end: `${y}-${String(last).padStart(2, '0')}-${lastDay(y, last)}`,
		};
	}
	const mo = s.tijdvak ? /^(\d{4})-(\d{2})$/.exec(s.tijdvak) : null;
	if (mo) {
		const y = Number(mo[1]);
		const m = Number(mo[2]);
		return { start: `${y}-${mo[2]}-01`, end: `${y}-${mo[2]}-${lastDay(y, m)}` };
	}
	return { start: `${s.jaar}-01-01`, end: `${s.jaar}-12-31` };
}

export const TIJDVAK = /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/;

// ---- XBRL ----------------------------------------------------------------------------------------

function esc(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export const SBA_XBRL_NAMESPACE = 'urn:nl-accountancy:emulator:nextens:sba:2025';

/** A well-formed XBRL 2.1 instance carrying the SBA's fields as facts (one duration context, unit EUR). */
export function xbrlInstance(s: Sba): string {
	const p = periodOf(s);
	const fact = (name: string, value: string | number | null, extra = ''): string =>
		value === null ? '' : `<sba:${name} contextRef="ctx"${extra}>${esc(String(value))}</sba:${name}>`;
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" ' +
		'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217" ' +
		`xmlns:sba="${SBA_XBRL_NAMESPACE}" xml:lang="nl">` +
		`<link:schemaRef xlink:type="simple" xlink:href="${SBA_XBRL_NAMESPACE}/sba.xsd"/>` +
		'<xbrli:context id="ctx"><xbrli:entity>' +
		`<xbrli:identifier scheme="urn:nl-accountancy:emulator:fiscaal-nummer">${esc(s.fiscaalNummer)}</xbrli:identifier>` +
		'</xbrli:entity><xbrli:period>' +
		`<xbrli:startDate>${p.start}</xbrli:startDate><xbrli:endDate>${p.end}</xbrli:endDate>` +
		'</xbrli:period></xbrli:context>' +
		'<xbrli:unit id="EUR"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit>' +
		fact('BerichtId', s.id) +
		fact('Middel', s.middel) +
		fact('Belastingjaar', s.jaar) +
		fact('Tijdvak', s.tijdvak) +
		fact('Berichtsoort', s.berichtsoort) +
		fact('SoortAanslag', s.soortAanslag) +
		fact('Kenmerk', s.kenmerk) +
		fact('Dagtekening', s.dagtekening) +
		fact('Vervaldatum', s.vervaldatum) +
		fact('Bedrag', s.bedrag, ' unitRef="EUR" decimals="2"') +
		'</xbrli:xbrl>'
	);
}

// ---- normalising an SBA from a seed file or the admin API ------------------------------------------

export interface SbaInputContext {
	/** Client lookup: returns the fiscal number to default to (bsn or fiscaalNummer), or undefined if unknown. */
	clientFiscaalNummer(klantId: string): string | null | undefined;
	newId(): string;
	now(): string;
}

const SBA_KEYS = new Set([
	'id',
	'klantId',
	'fiscaalNummer',
	'middel',
	'jaar',
	'tijdvak',
	'berichtsoort',
	'soortAanslag',
	'kenmerk',
	'dagtekening',
	'vervaldatum',
	'bedrag',
	'status',
	'ontvangenOp',
	'xbrl',
]);

/** Kenmerk in the printed style of an aanslagnummer: 0044.95.445.V.46.0001 (placeholder pattern). */
export function kenmerkFor(fiscaal: string, middel: Middel, jaar: number, soortAanslag: string | null, seq: number): string {
	const letter = middel === 'IB' ? 'H' : middel === 'VPB' ? 'V' : 'O';
	const kind = soortAanslag === 'voorlopig' ? 6 : soortAanslag === 'definitief' ? 1 : soortAanslag === 'navordering' ? 2 : soortAanslag === 'naheffing' ? 3 : 0;
	return `${fiscaal.slice(0, 4)}.${fiscaal.slice(4, 6)}.${fiscaal.slice(6)}.${letter}.${jaar % 10}${kind}.${String(seq).padStart(4, '0')}`;
}

/** Validates and completes an SBA; throws an Error naming the field on bad input. */
export function normaliseSbaInput(raw: unknown, ctx: SbaInputContext): StoredSba {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('an SBA must be a JSON object');
	const r = raw as Record<string, unknown>;
	for (const k of Object.keys(r)) if (!SBA_KEYS.has(k)) throw new Error(`unknown SBA field ${k}`);
	const str = (k: string): string | null => {
		const v = r[k];
		if (v === undefined || v === null) return null;
		if (typeof v !== 'string') throw new Error(`${k} must be a string`);
		return v.trim() === '' ? null : v.trim();
	};
	const klantId = str('klantId');
	if (!klantId) throw new Error('klantId is required');
	const clientFiscaal = ctx.clientFiscaalNummer(klantId);
	if (clientFiscaal === undefined) throw new Error(`klantId ${klantId} is not a known client`);
	const middel = str('middel');
	if (!middel || !(MIDDELEN as readonly string[]).includes(middel)) throw new Error('middel must be IB, VPB or BTW');
	const jaar = r.jaar;
	if (typeof jaar !== 'number' || !Number.isInteger(jaar) || jaar < 1900 || jaar > 2999) throw new Error('jaar must be an integer year');
	const tijdvak = str('tijdvak');
	if (tijdvak !== null && !TIJDVAK.test(tijdvak)) throw new Error('tijdvak must look like 2025-Q1 or 2025-03');
	const berichtsoort = str('berichtsoort') ?? 'aanslag';
	if (!(BERICHTSOORTEN as readonly string[]).includes(berichtsoort)) throw new Error('berichtsoort must be aanslag, kennisgeving or beschikking');
	const soortAanslag = str('soortAanslag');
	const status = str('status') ?? 'nieuw';
	if (!(SBA_STATUSES as readonly string[]).includes(status)) throw new Error('status must be nieuw, gecontroleerd, afwijkend or afgehandeld');
	const fiscaal = str('fiscaalNummer') ?? clientFiscaal;
	if (!fiscaal) throw new Error(`fiscaalNummer is required (client ${klantId} has none)`);
	const ontvangenRaw = str('ontvangenOp');
	const ontvangenOp = ontvangenRaw === null ? ctx.now() : canonicalTimestamp(ontvangenRaw);
	if (!ontvangenOp) throw new Error('ontvangenOp must be an ISO 8601 timestamp');
	const dagtekening = str('dagtekening') ?? ontvangenOp.slice(0, 10);
	if (!isCalendarDate(dagtekening)) throw new Error('dagtekening must be a date YYYY-MM-DD');
	const vervaldatum = str('vervaldatum');
	if (vervaldatum !== null && !isCalendarDate(vervaldatum)) throw new Error('vervaldatum must be a date YYYY-MM-DD');
	let bedrag: string;
	const b = r.bedrag;
	if (typeof b === 'number' && Number.isFinite(b)) bedrag = b.toFixed(2);
	else if (typeof b === 'string' && /^-?\d+(\.\d{1,2})?$/.test(b.trim())) bedrag = Number(b.trim()).toFixed(2);
	else throw new Error('bedrag must be a decimal amount such as "12500.00"');
	const sbaId = str('id') ?? ctx.newId();
	const seq = Number(sbaId.replace(/\D/g, '').slice(-4) || '1');
	const kenmerk = str('kenmerk') ?? kenmerkFor(fiscaal, middel as Middel, jaar, soortAanslag, seq);
	const xbrl = r.xbrl === undefined || r.xbrl === null ? null : String(r.xbrl);
	return {
		id: sbaId,
		klantId,
		fiscaalNummer: fiscaal,
		middel: middel as Middel,
		jaar,
		tijdvak: middel === 'BTW' ? tijdvak : null,
		berichtsoort: berichtsoort as Sba['berichtsoort'],
		soortAanslag,
		kenmerk,
		dagtekening,
		vervaldatum,
		bedrag,
		status: status as SbaStatus,
		ontvangenOp,
		...(xbrl !== null ? { xbrl } : {}),
	};
}

/** Sort key of the SBA list: ontvangenOp ascending, then id ascending. */
export function compareSba(a: Sba, b: Sba): number {
	if (a.ontvangenOp !== b.ontvangenOp) return a.ontvangenOp < b.ontvangenOp ? -1 : 1;
	return compareIds(a.id, b.id);
}

/** Id order: shorter first, then lexicographic (so kl_1000000 sorts after kl_999999). */
export function compareIds(a: string, b: string): number {
	if (a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}
