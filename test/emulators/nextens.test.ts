/**
 * Contract tests of the Nextens emulator against docs/vendors/nextens-contract.md Part B (the §B.6 examples
 * verbatim, the error bodies, the validation order, lookups, versions, SBA filters, rate limit and faults)
 * and the identifier table of docs/vendors/dutch-identifiers.md §9. The emulator runs on a free port; requests use fetch.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator, type RunningEmulator } from '../../emulators/common/server';
import { generateNextensSeed, nextensService, type NextensState } from '../../emulators/nextens';
import * as ids from '../../emulators/nextens/identifiers';
import { DEMO_IDS } from '../../emulators/nextens/demo';
import { IDENTIFIER_VECTORS, type IdentifierKind } from '../unit/kit/identifiers';

const TOKEN = 'demo-nextens-token';
const NOW = '2025-03-01T09:00:00.000Z';

let emu: RunningEmulator<NextensState>;
let base: string;

interface Res {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

async function call(
	method: string,
	p: string,
	body?: unknown,
	headers: Record<string, string> = {},
	token: string | null = TOKEN,
): Promise<Res> {
	const h: Record<string, string> = { ...headers };
	if (token !== null) h.Authorization = `Bearer ${token}`;
	if (body !== undefined) h['Content-Type'] = 'application/json; charset=utf-8';
	const r = await fetch(base + p, {
		method,
		headers: h,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await r.text();
	let parsed: unknown = undefined;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: r.status, headers: r.headers, body: parsed, text };
}

const idsOf = (r: Res): string[] => r.body.items.map((c: { id: string }) => c.id);
const get = (p: string, token: string | null = TOKEN) => call('GET', p, undefined, {}, token);
const post = (p: string, body: unknown) => call('POST', p, body);
const put = (p: string, body: unknown, headers: Record<string, string> = {}) => call('PUT', p, body, headers);

async function admin(method: string, sub: string, body?: unknown): Promise<Res> {
	const r = await fetch(`${emu.url}/__admin/${sub}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** The person of the first §B.6 example. */
const JAN = {
	soort: 'persoon',
	achternaam: 'Berg',
	tussenvoegsel: 'van der',
	voorletters: 'J.P.',
	voornaam: 'Jan',
	bsn: '111222333',
	geboortedatum: '1980-05-17',
	geslacht: 'man',
	klantnummer: 'C-1042',
	correspondentieadres: {
		straatnaam: 'Keizersgracht',
		huisnummer: 123,
		huisnummertoevoeging: 'A',
		postcode: '1015cj',
		plaats: 'Amsterdam',
		landcode: 'nl',
	},
	telefoonnummers: { algemeen: null, mobiel: '06 12345678', zakelijk: null },
	email: 'jan@example.nl',
};

/** The PUT body of the second §B.6 example. */
const VOORBEELD_PUT = {
	soort: 'organisatie',
	naam: 'Voorbeeld B.V.',
	kvkNummer: '12345678',
	fiscaalNummer: '004495445',
	volgnummer: 1,
	btwNummer: 'NL004495445B01',
	iban: 'NL91 ABNA 0417 1643 00',
	klantnummer: 'C-7',
	bezoekadres: { straatnaam: 'Stationsplein', huisnummer: 1, postcode: '3511ED', plaats: 'Utrecht', landcode: 'NL' },
	correspondentieadres: { straatnaam: 'Postbus', huisnummer: 100, postcode: '3500 AC', plaats: 'Utrecht', landcode: 'NL' },
	telefoonnummer: '030-1234567',
	email: 'administratie@voorbeeld.nl',
};

/** Minimal XML well-formedness check: one root, balanced and properly nested tags, quoted attributes. */
function isWellFormedXml(xml: string): boolean {
	let s = xml.replace(/^<\?xml[^?]*\?>/, '');
	const stack: string[] = [];
	let roots = 0;
	const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
	let m: RegExpExecArray | null;
	let consumed = 0;
	while ((m = tag.exec(s)) !== null) {
		consumed = tag.lastIndex;
		if (m[5] !== undefined) {
			if (stack.length === 0 && m[5].trim() !== '') return false;
			if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) return false;
			continue;
		}
		const [, closing, name, , selfClosing] = m;
		if (closing) {
			if (stack.pop() !== name) return false;
		} else {
			if (stack.length === 0) roots++;
			if (!selfClosing) stack.push(name);
		}
	}
	s = s.slice(consumed);
	return s.trim() === '' && stack.length === 0 && roots === 1;
}

beforeAll(async () => {
	emu = await startEmulator(nextensService, { port: 0, now: () => new Date(NOW) });
	base = `${emu.url}/api/v1`;
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => {
	emu.reset();
	emu.setKnobs({
		rateLimit: { enabled: false, requestsPerSecond: 5, burst: 10 },
		faults: { errorRate: 0, burst: 0, hangRate: 0, resetRate: 0 },
		service: { authHeader: 'Authorization', authPrefix: 'Bearer ' },
	});
});

// ---------------------------------------------------------------------------------------------------

describe('identifier rules (dutch-identifiers.md §9)', () => {
	// The emulator's rule for each kind of identifier.
	const rule: Record<IdentifierKind, keyof typeof ids> = {
		bsn: 'bsn',
		rsin: 'fiscaalNummer',
		kvk: 'kvk',
		btw: 'btwId',
		iban: 'iban',
		postcode: 'postcodeNl',
		country: 'landcode',
	};
	const table = IDENTIFIER_VECTORS.map(([kind, input, expected]) => [rule[kind], input, expected] as const);
	it.each(table)('%s(%j) -> %j', (fn, input, expected) => {
		expect((ids[fn] as (s: string) => string | null)(input)).toBe(expected);
	});

	it('computes IBAN check digits with the mod 97 rule (ABNA 0417164300 -> 91)', () => {
		expect(ids.ibanFor('NL', 'ABNA0417164300')).toBe('NL91ABNA0417164300');
	});

	it('demo identifiers are checksum-valid and not the reference examples', () => {
		for (const v of Object.values(DEMO_IDS)) expect(ids.bsn(v)).toBe(v.padStart(9, '0'));
		expect(Object.values(DEMO_IDS)).not.toContain('111222333');
	});
});

describe('transport (B.1)', () => {
	it('rejects a missing, malformed or unknown token with 401 UNAUTHORIZED', async () => {
		for (const headers of [{} as Record<string, string>, { Authorization: 'Token demo-nextens-token' }, { Authorization: 'Bearer wrong' }, { Authorization: 'Bearer ' }]) {
			const r = await call('GET', '/clients', undefined, headers, null);
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String), field: null });
			expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
		}
	});

	it('puts X-Request-Id and JSON UTF-8 on every response, including errors and 404s', async () => {
		const ok = await get('/clients?limit=1');
		const missing = await get('/nope');
		const outside = await fetch(`${emu.url}/other`);
		for (const h of [ok.headers, missing.headers, outside.headers]) {
			expect(h.get('x-request-id')).toBeTruthy();
			expect(h.get('content-type')).toBe('application/json; charset=utf-8');
		}
		expect(ok.headers.get('x-request-id')).not.toBe(missing.headers.get('x-request-id'));
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ code: 'NOT_FOUND', field: null });
		expect(outside.status).toBe(404);
	});

	it('honours a configured header name and prefix (service knobs)', async () => {
		emu.setKnobs({ service: { authHeader: 'X-Api-Key', authPrefix: '' } });
		expect((await call('GET', '/clients?limit=1', undefined, { 'X-Api-Key': TOKEN }, null)).status).toBe(200);
		expect((await get('/clients?limit=1')).status).toBe(401);
	});

	it('answers 422 INVALID_JSON for a body that is not a JSON object', async () => {
		for (const body of ['{"soort":', '[1,2]', '"text"', '']) {
			const r = await call('POST', '/clients', body);
			expect(r.status).toBe(422);
			expect(r.body).toMatchObject({ code: 'INVALID_JSON', field: null });
		}
	});
});

describe('B.6 example: lookup by BSN, none found, then create', () => {
	it('replays verbatim', async () => {
		const lookup = await get('/clients?bsn=111222333');
		expect(lookup.status).toBe(200);
		expect(lookup.body).toEqual({ items: [], count: 0, total: 0 });

		const created = await post('/clients', JAN);
		expect(created.status).toBe(201);
		expect(created.headers.get('location')).toBe('/clients/kl_000042');
		expect(created.headers.get('x-request-id')).toBeTruthy();
		expect(created.text).toBe(
			JSON.stringify({
				id: 'kl_000042',
				soort: 'persoon',
				weergavenaam: 'J.P. van der Berg',
				achternaam: 'Berg',
				tussenvoegsel: 'van der',
				voorletters: 'J.P.',
				voornaam: 'Jan',
				bsn: '111222333',
				geboortedatum: '1980-05-17',
				geslacht: 'man',
				klantnummer: 'C-1042',
				correspondentieadres: {
					straatnaam: 'Keizersgracht',
					huisnummer: 123,
					huisnummertoevoeging: 'A',
					postcode: '1015 CJ',
					plaats: 'Amsterdam',
					landcode: 'NL',
				},
				telefoonnummers: { algemeen: null, mobiel: '06 12345678', zakelijk: null },
				email: 'jan@example.nl',
				sbaMachtigingen: [],
				versie: 1,
				aangemaaktOp: '2025-03-01T09:00:00.000Z',
				gewijzigdOp: '2025-03-01T09:00:00.000Z',
			}),
		);
		const again = await get('/clients?bsn=111222333');
		expect(again.body.items.map((c: { id: string }) => c.id)).toEqual(['kl_000042']);
		expect((await get('/clients/kl_000042')).body).toEqual(created.body);
		// ids are a counter
		const second = await post('/clients', { ...JAN, bsn: '123456782' });
		expect(second.body.id).toBe('kl_000043');
	});

	it('409 DUPLICATE_KEY names the existing id; the BSN is not echoed in full', async () => {
		await post('/clients', JAN);
		const dup = await post('/clients', { ...JAN, achternaam: 'Anders', bsn: '1112.22.333' });
		expect(dup.status).toBe(409);
		expect(dup.body).toEqual({ code: 'DUPLICATE_KEY', message: 'bsn *****2333 is already used by kl_000042.', field: 'bsn' });
		expect(dup.text).not.toContain('111222333');
	});

	it('a BSN changed by PUT is free again under its old value and taken under its new one (lookups and 409s agree)', async () => {
		const first = (await post('/clients', JAN)).body;
		const { id: _i, weergavenaam: _w, sbaMachtigingen: _s, versie: _v, aangemaaktOp: _a, gewijzigdOp: _g, ...writable } = first;
		expect((await put(`/clients/${first.id}`, { ...writable, bsn: '123456782' })).status).toBe(200);
		expect((await get('/clients?bsn=111222333')).body.items).toEqual([]);
		expect((await get('/clients?bsn=123456782')).body.items.map((c: { id: string }) => c.id)).toEqual([first.id]);
		const taken = await post('/clients', { ...JAN, achternaam: 'Anders', bsn: '123456782' });
		expect(taken.status).toBe(409);
		const free = await post('/clients', { ...JAN, achternaam: 'Anders' });
		expect(free.status).toBe(201);
		expect((await get('/clients?bsn=111222333')).body.items.map((c: { id: string }) => c.id)).toEqual([free.body.id]);
	});
});

describe('B.6 example: organisation by fiscaal nummer, then update with If-Match', () => {
	const EXAMPLE_ITEM = {
		id: 'kl_000007',
		soort: 'organisatie',
		weergavenaam: 'Voorbeeld B.V.',
		naam: 'Voorbeeld B.V.',
		kvkNummer: '12345678',
		fiscaalNummer: '004495445',
		volgnummer: 1,
		btwNummer: 'NL004495445B01',
		iban: 'NL91ABNA0417164300',
		klantnummer: 'C-7',
		bezoekadres: { straatnaam: 'Stationsplein', huisnummer: 1, huisnummertoevoeging: null, postcode: '3511 ED', plaats: 'Utrecht', landcode: 'NL' },
		correspondentieadres: null,
		telefoonnummer: '030-1234567',
		email: 'info@voorbeeld.nl',
		sbaMachtigingen: [{ middel: 'VPB', jaar: 2024, status: 'actief', ophalenInNextens: true }],
		versie: 3,
		aangemaaktOp: '2024-01-10T08:00:00.000Z',
		gewijzigdOp: '2025-02-01T12:30:00.000Z',
	};

	it('finds kl_000007 with volgnummer omitted (= 1) and with an empty volgnummer', async () => {
		for (const q of ['fiscaalNummer=004495445', 'fiscaalNummer=004495445&volgnummer=', 'fiscaalNummer=%20004495445%20&volgnummer=1', 'fiscaalNummer=04495445']) {
			const r = await get(`/clients?${q}`);
			expect(r.status).toBe(200);
			expect(r.body).toEqual({ items: [EXAMPLE_ITEM], count: 1, total: 1 });
		}
	});

	it('PUT with If-Match "3" -> 200, versie 4, normalised IBAN; a stale If-Match -> 409 VERSION_CONFLICT', async () => {
		const r = await put('/clients/kl_000007', VOORBEELD_PUT, { 'If-Match': '"3"' });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			id: 'kl_000007',
			versie: 4,
			iban: 'NL91ABNA0417164300',
			email: 'administratie@voorbeeld.nl',
			bezoekadres: { straatnaam: 'Stationsplein', huisnummer: 1, huisnummertoevoeging: null, postcode: '3511 ED', plaats: 'Utrecht', landcode: 'NL' },
			correspondentieadres: { straatnaam: 'Postbus', huisnummer: 100, huisnummertoevoeging: null, postcode: '3500 AC', plaats: 'Utrecht', landcode: 'NL' },
			aangemaaktOp: '2024-01-10T08:00:00.000Z',
			gewijzigdOp: NOW,
			sbaMachtigingen: EXAMPLE_ITEM.sbaMachtigingen,
		});
		const stale = await put('/clients/kl_000007', { ...VOORBEELD_PUT, email: 'x@voorbeeld.nl' }, { 'If-Match': '"3"' });
		expect(stale.status).toBe(409);
		expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', field: null });
		expect((await get('/clients/kl_000007')).body.email).toBe('administratie@voorbeeld.nl');
		// W/"4", 4 and * are accepted forms
		for (const ifMatch of ['W/"4"', '4', '*']) {
			expect((await put('/clients/kl_000007', VOORBEELD_PUT, { 'If-Match': ifMatch })).status).toBe(200);
		}
		expect((await put('/clients/kl_000007', VOORBEELD_PUT, { 'If-Match': 'abc' })).body).toMatchObject({ code: 'INVALID_FORMAT', field: 'If-Match' });
	});

	it('a PUT that changes nothing keeps versie and gewijzigdOp', async () => {
		const first = await put('/clients/kl_000007', VOORBEELD_PUT);
		expect(first.body.versie).toBe(4);
		emu.setKnobs({}); // no-op
		const same = await put('/clients/kl_000007', { ...VOORBEELD_PUT, naam: '  Voorbeeld B.V.  ', iban: 'nl91abna0417164300' });
		expect(same.status).toBe(200);
		expect(same.body).toEqual(first.body);
		// reading back the stored record and PUTting it as-is (read-only fields included) is also "no change"
		const roundTrip = await put('/clients/kl_000007', same.body);
		expect(roundTrip.status).toBe(200);
		expect(roundTrip.body.versie).toBe(4);
	});

	it('PUT is a full replacement: an omitted optional field becomes null', async () => {
		const { telefoonnummer: _t, kvkNummer: _k, ...rest } = VOORBEELD_PUT;
		const r = await put('/clients/kl_000007', rest);
		expect(r.body).toMatchObject({ telefoonnummer: null, kvkNummer: null, versie: 4 });
	});

	it('soort cannot change (422 IMMUTABLE_FIELD); unknown id -> 404; key conflict with another client -> 409', async () => {
		expect((await put('/clients/kl_000007', { ...VOORBEELD_PUT, soort: 'persoon' })).body).toEqual({
			code: 'IMMUTABLE_FIELD',
			message: expect.any(String),
			field: 'soort',
		});
		const missing = await put('/clients/kl_999999', VOORBEELD_PUT);
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
		// kl_000011 has the Zonneveld fiscaal nummer with volgnummer 2; moving it to volgnummer 1 collides with kl_000010
		const zon = (await get('/clients/kl_000011')).body;
		const { id: _i, weergavenaam: _w, sbaMachtigingen: _s, versie: _v, aangemaaktOp: _a, gewijzigdOp: _g, ...writable } = zon;
		const clash = await put('/clients/kl_000011', { ...writable, volgnummer: 1 });
		expect(clash.status).toBe(409);
		expect(clash.body).toEqual({
			code: 'DUPLICATE_KEY',
			message: `fiscaalNummer ${DEMO_IDS.rsinZonneveld} / volgnummer 1 is already used by kl_000010.`,
			field: 'fiscaalNummer',
		});
	});

	it('POST of an organisation with a used fiscaal nummer + volgnummer: the B.6 DUPLICATE_KEY body', async () => {
		const r = await post('/clients', { ...VOORBEELD_PUT, naam: 'Andere B.V.', volgnummer: null });
		expect(r.status).toBe(409);
		expect(r.text).toBe(
			JSON.stringify({
				code: 'DUPLICATE_KEY',
				message: 'fiscaalNummer 004495445 / volgnummer 1 is already used by kl_000007.',
				field: 'fiscaalNummer',
			}),
		);
		const v2 = await post('/clients', { ...VOORBEELD_PUT, naam: 'Voorbeeld B.V. (fiscale eenheid)', volgnummer: 2 });
		expect(v2.status).toBe(201);
	});
});

describe('B.6 error examples and validation (B.2, B.3)', () => {
	it('INVALID_BSN: the exact example body', async () => {
		const r = await post('/clients', { ...JAN, bsn: '123456789' });
		expect(r.status).toBe(422);
		expect(r.text).toBe(JSON.stringify({ code: 'INVALID_BSN', message: 'BSN fails the 11-proef.', field: 'bsn' }));
	});

	it('INVALID_POSTCODE: the exact example body with a dot path', async () => {
		const r = await post('/clients', { ...JAN, correspondentieadres: { ...JAN.correspondentieadres, postcode: '2611 SS' } });
		expect(r.status).toBe(422);
		expect(r.text).toBe(
			JSON.stringify({ code: 'INVALID_POSTCODE', message: 'Postcode must look like 1234 AB.', field: 'correspondentieadres.postcode' }),
		);
	});

	it('normalises on the server: trim, empty -> null, postcode, IBAN, BSN/fiscaal pad, landcode, btw-id', async () => {
		const p = await post('/clients', {
			soort: 'persoon',
			achternaam: '  Smit ',
			voorletters: '',
			voornaam: ' Eva ',
			tussenvoegsel: '   ',
			bsn: '12345672',
			email: ' eva@example.nl ',
			correspondentieadres: { straatnaam: 'Dorpsstraat', huisnummer: 3, postcode: 'NL-2611et', plaats: 'Delft', landcode: ' nl ' },
		});
		expect(p.status).toBe(201);
		expect(p.body).toMatchObject({
			achternaam: 'Smit',
			voorletters: null,
			voornaam: 'Eva',
			tussenvoegsel: null,
			weergavenaam: 'Eva Smit',
			bsn: '012345672',
			email: 'eva@example.nl',
			telefoonnummers: null,
			geslacht: null,
			correspondentieadres: { postcode: '2611 ET', landcode: 'NL', huisnummertoevoeging: null },
		});
		const o = await post('/clients', {
			soort: 'organisatie',
			naam: 'Nieuw B.V.',
			fiscaalNummer: '12345672',
			btwNummer: 'nl 0123.45.672.b.01',
			iban: 'nl20 ingb 0001 2345 67',
			kvkNummer: '6959 9084',
			bezoekadres: { straatnaam: 'Rue Neuve', huisnummer: 1, postcode: ' B-1000 ', plaats: 'Brussel', landcode: 'be' },
		});
		expect(o.status).toBe(201);
		expect(o.body).toMatchObject({
			fiscaalNummer: '012345672',
			volgnummer: 1,
			btwNummer: 'NL012345672B01',
			iban: 'NL20INGB0001234567',
			kvkNummer: '69599084',
			bezoekadres: { postcode: 'B-1000', landcode: 'BE' },
			correspondentieadres: null,
		});
	});

	it('stores a telefoonnummers object without any number as null; a missing key as null', async () => {
		const a = await post('/clients', { ...JAN, telefoonnummers: { algemeen: '', mobiel: null, zakelijk: '  ' } });
		expect(a.body.telefoonnummers).toBeNull();
		const again = await put(`/clients/${a.body.id}`, { ...JAN, telefoonnummers: null });
		expect(again.body.versie).toBe(1); // null and an empty object are the same value
		const b = await put(`/clients/${a.body.id}`, { ...JAN, telefoonnummers: { zakelijk: '010-1234567' } });
		expect(b.body).toMatchObject({ versie: 2, telefoonnummers: { algemeen: null, mobiel: null, zakelijk: '010-1234567' } });
	});

	it('rejects unknown fields, and person-only fields on an organisation and vice versa (422 UNKNOWN_FIELD)', async () => {
		const cases: Array<[unknown, string]> = [
			[{ ...JAN, foo: 1 }, 'foo'],
			[{ ...JAN, naam: 'X' }, 'naam'],
			[{ ...JAN, iban: 'NL91ABNA0417164300' }, 'iban'],
			[{ ...VOORBEELD_PUT, bsn: '111222333' }, 'bsn'],
			[{ ...VOORBEELD_PUT, telefoonnummers: null }, 'telefoonnummers'],
			[{ ...JAN, correspondentieadres: { ...JAN.correspondentieadres, land: 'Nederland' } }, 'correspondentieadres.land'],
			[{ ...JAN, telefoonnummers: { mobiel: '06', fax: '0' } }, 'telefoonnummers.fax'],
		];
		for (const [body, field] of cases) {
			const r = await post('/clients', body);
			expect(r.status).toBe(422);
			expect(r.body).toEqual({ code: 'UNKNOWN_FIELD', message: expect.any(String), field });
		}
	});

	it('soort is required on POST and must be persoon or organisatie', async () => {
		const { soort: _s, ...noSoort } = JAN;
		expect((await post('/clients', noSoort)).body).toMatchObject({ code: 'REQUIRED', field: 'soort' });
		expect((await post('/clients', { ...JAN, soort: 'bedrijf' })).body).toMatchObject({ code: 'INVALID_ENUM', field: 'soort' });
	});

	it('reports the FIRST error in table order: common, then soort-specific, then address fields', async () => {
		const bad = {
			...JAN,
			email: 'no-at-sign',
			bsn: '123456789',
			geslacht: 'M',
			telefoonnummers: { algemeen: null, mobiel: '06-ABC', zakelijk: null },
			correspondentieadres: { straatnaam: '', huisnummer: 0, postcode: 'xx', plaats: '', landcode: 'UK' },
		};
		const order: Array<[string, string, Record<string, unknown>]> = [
			['INVALID_EMAIL', 'email', { email: 'jan@example.nl' }],
			['INVALID_BSN', 'bsn', { bsn: '111222333' }],
			['INVALID_ENUM', 'geslacht', { geslacht: 'man' }],
			['INVALID_TELEFOON', 'telefoonnummers.mobiel', { telefoonnummers: null }],
			['REQUIRED', 'correspondentieadres.straatnaam', {}],
		];
		let body: Record<string, unknown> = bad;
		for (const [code, field, fix] of order) {
			const r = await post('/clients', body);
			expect(r.body).toMatchObject({ code, field });
			body = { ...body, ...fix };
		}
		// inside the address: straatnaam, huisnummer, (toevoeging), postcode, plaats, landcode
		const adres: Record<string, unknown> = { straatnaam: '', huisnummer: 0, huisnummertoevoeging: 'X'.repeat(11), postcode: 'xx', plaats: '', landcode: 'UK' };
		const steps: Array<[string, string, Record<string, unknown>]> = [
			['REQUIRED', 'straatnaam', { straatnaam: 'Dorpsstraat' }],
			['INVALID_FORMAT', 'huisnummer', { huisnummer: 5 }],
			['TOO_LONG', 'huisnummertoevoeging', { huisnummertoevoeging: 'bis' }],
			// landcode UK is not NL: the postcode is free text <= 10, so the next failure is plaats
			['REQUIRED', 'plaats', { plaats: 'Londen' }],
			['INVALID_LANDCODE', 'landcode', { landcode: 'nl' }],
			['INVALID_POSTCODE', 'postcode', { postcode: '1234AB' }],
		];
		for (const [code, field, fix] of steps) {
			const r = await post('/clients', { ...JAN, bsn: null, correspondentieadres: adres });
			expect(r.body).toMatchObject({ code, field: `correspondentieadres.${field}` });
			Object.assign(adres, fix);
		}
		const ok = await post('/clients', { ...JAN, bsn: null, correspondentieadres: adres });
		expect(ok.status).toBe(201);
		expect(ok.body.correspondentieadres).toEqual({
			straatnaam: 'Dorpsstraat',
			huisnummer: 5,
			huisnummertoevoeging: 'bis',
			postcode: '1234 AB',
			plaats: 'Londen',
			landcode: 'NL',
		});
	});

	it('organisation fields in table order: naam, kvk, fiscaal, volgnummer, btw, iban, telefoon, bezoekadres, correspondentieadres', async () => {
		let body: Record<string, unknown> = {
			soort: 'organisatie',
			naam: '',
			kvkNummer: '1234567',
			fiscaalNummer: '4495445',
			volgnummer: 1000,
			btwNummer: 'NL004495445B00',
			iban: 'NL91ABNA0417164301',
			telefoonnummer: '030 1234567 tst',
			bezoekadres: { straatnaam: 'Markt', huisnummer: 1, postcode: '0123 AB', plaats: 'Ede' },
			correspondentieadres: { straatnaam: 'Postbus', huisnummer: 1, plaats: 'Ede' },
		};
		const steps: Array<[string, string, Record<string, unknown>]> = [
			['REQUIRED', 'naam', { naam: 'X'.repeat(256) }],
			['TOO_LONG', 'naam', { naam: 'Ede B.V.' }],
			['INVALID_KVK', 'kvkNummer', { kvkNummer: '12345678' }],
			['INVALID_FISCAAL_NUMMER', 'fiscaalNummer', { fiscaalNummer: '123456782' }],
			['INVALID_FORMAT', 'volgnummer', { volgnummer: 3 }],
			['INVALID_BTW', 'btwNummer', { btwNummer: 'NL123456782B01' }],
			['INVALID_IBAN', 'iban', { iban: 'NL91ABNA0417164300' }],
			['INVALID_TELEFOON', 'telefoonnummer', { telefoonnummer: '030 1234567' }],
			['INVALID_POSTCODE', 'bezoekadres.postcode', { bezoekadres: { straatnaam: 'Markt', huisnummer: 1, postcode: '6711 AB', plaats: 'Ede' } }],
			['REQUIRED', 'correspondentieadres.postcode', { correspondentieadres: null }],
		];
		for (const [code, field, fix] of steps) {
			const r = await post('/clients', body);
			expect(r.status).toBe(422);
			expect(r.body).toMatchObject({ code, field });
			body = { ...body, ...fix };
		}
		const r = await post('/clients', body);
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ fiscaalNummer: '123456782', volgnummer: 3 });
	});

	it('generic checks: TOO_LONG, INVALID_FORMAT for wrong JSON types, INVALID_DATE for bad and future dates', async () => {
		expect((await post('/clients', { ...JAN, klantnummer: 'K'.repeat(21) })).body).toMatchObject({ code: 'TOO_LONG', field: 'klantnummer' });
		expect((await post('/clients', { ...JAN, voorletters: 'J'.repeat(21) })).body).toMatchObject({ code: 'TOO_LONG', field: 'voorletters' });
		expect((await post('/clients', { ...JAN, bsn: 111222333 })).body).toMatchObject({ code: 'INVALID_FORMAT', field: 'bsn' });
		expect((await post('/clients', { ...JAN, correspondentieadres: 'Keizersgracht 1' })).body).toMatchObject({
			code: 'INVALID_FORMAT',
			field: 'correspondentieadres',
		});
		expect((await post('/clients', { ...JAN, geboortedatum: '1980-02-30' })).body).toMatchObject({ code: 'INVALID_DATE', field: 'geboortedatum' });
		expect((await post('/clients', { ...JAN, geboortedatum: '2025-03-02' })).body).toMatchObject({ code: 'INVALID_DATE', field: 'geboortedatum' });
		expect((await post('/clients', { ...JAN, geboortedatum: '2025-03-01' })).status).toBe(201);
		expect((await post('/clients', { ...JAN, bsn: '123456782', email: 'a@b@c' })).body).toMatchObject({ code: 'INVALID_EMAIL', field: 'email' });
	});
});

describe('client lookups and list (B.3)', () => {
	it('lists all clients in id order with limit/offset and {items,count,total}', async () => {
		const all = await get('/clients');
		expect(all.body.total).toBe(14);
		expect(all.body.count).toBe(14);
		expect(idsOf(all)).toEqual([...idsOf(all)].sort());
		const pageTwo = await get('/clients?limit=5&offset=5');
		expect(pageTwo.body).toMatchObject({ count: 5, total: 14 });
		expect(idsOf(pageTwo)).toEqual(idsOf(all).slice(5, 10));
		expect((await get('/clients?offset=13')).body.count).toBe(1);
		for (const q of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'limit=']) {
			const r = await get(`/clients?${q}`);
			expect(r.status).toBe(422);
			expect(r.body).toMatchObject({ code: 'INVALID_QUERY', field: q.split('=')[0] });
		}
		expect((await get('/clients?limit=500')).status).toBe(200);
	});

	it('bsn lookup is normalised, validated and matches persons only', async () => {
		expect(idsOf(await get(`/clients?bsn=${DEMO_IDS.bsnKees}`))).toEqual(['kl_000002']); // kl_000012 has it as fiscaal nummer
		expect(idsOf(await get(`/clients?bsn=${DEMO_IDS.bsnTheo.slice(1)}`))).toEqual(['kl_000009']); // 8 digits
		const bad = await get('/clients?bsn=123456789');
		expect(bad.body).toEqual({ code: 'INVALID_BSN', message: 'BSN fails the 11-proef.', field: 'bsn' });
		expect((await get('/clients?bsn=')).body).toMatchObject({ code: 'INVALID_BSN', field: 'bsn' });
	});

	it('fiscaalNummer lookup matches organisations with that volgnummer (default 1)', async () => {
		expect(idsOf(await get(`/clients?fiscaalNummer=${DEMO_IDS.rsinZonneveld}`))).toEqual(['kl_000010']);
		expect(idsOf(await get(`/clients?fiscaalNummer=${DEMO_IDS.rsinZonneveld}&volgnummer=2`))).toEqual(['kl_000011']);
		expect(idsOf(await get(`/clients?fiscaalNummer=${DEMO_IDS.rsinZonneveld}&volgnummer=3`))).toEqual([]);
		expect(idsOf(await get(`/clients?fiscaalNummer=${DEMO_IDS.bsnKees}`))).toEqual(['kl_000012']);
		expect((await get('/clients?fiscaalNummer=4495445')).body).toMatchObject({ code: 'INVALID_FISCAAL_NUMMER', field: 'fiscaalNummer' });
		expect((await get('/clients?fiscaalNummer=004495445&volgnummer=x')).body).toMatchObject({ code: 'INVALID_QUERY', field: 'volgnummer' });
	});

	it('naam lookup: exact on weergavenaam after trim, whitespace collapse and NFC; case-sensitive; soort filter', async () => {
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('  M.   Jansen ')}`))).toEqual(['kl_000005', 'kl_000006']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('m. jansen')}`))).toEqual([]);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('Jansen')}`))).toEqual([]);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('Pieter Jansen')}`))).toEqual(['kl_000004']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('L. Mu\u0308ller')}`))).toEqual(['kl_000008']); // decomposed ü
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('T.H. van den Berg')}&soort=persoon`))).toEqual(['kl_000009']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('Tech Start B.V.')}&soort=organisatie`))).toEqual(['kl_000014']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('Tech Start B.V.')}&soort=persoon`))).toEqual([]);
		expect((await get('/clients?naam=X&soort=bedrijf')).body).toMatchObject({ code: 'INVALID_QUERY', field: 'soort' });
		expect((await get('/clients?naam=%20')).body).toMatchObject({ code: 'INVALID_QUERY', field: 'naam' });
	});

	it('naam lookup normalises the stored side too (decomposed characters, double spaces)', async () => {
		const created = await post('/clients', { soort: 'persoon', achternaam: 'Mu\u0308ller', tussenvoegsel: 'van  der', voorletters: 'Ö.' });
		expect(created.body.weergavenaam).toBe('Ö. van  der Mu\u0308ller'); // stored as sent (trimmed only)
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('Ö. van der Müller')}`))).toEqual([created.body.id]);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('O\u0308. van der Müller')}&soort=persoon`))).toEqual([created.body.id]);
	});

	it('conflicting or misplaced lookup parameters -> 422 INVALID_QUERY naming the second / offending parameter', async () => {
		const cases: Array<[string, string]> = [
			['bsn=111222333&naam=X', 'naam'],
			['naam=X&fiscaalNummer=004495445', 'fiscaalNummer'],
			['fiscaalNummer=004495445&bsn=111222333', 'bsn'],
			['volgnummer=1', 'volgnummer'],
			['bsn=111222333&volgnummer=1', 'volgnummer'],
			['soort=persoon', 'soort'],
			['bsn=111222333&bsn=123456782', 'bsn'],
			['rsin=004495445', 'rsin'],
		];
		for (const [q, field] of cases) {
			const r = await get(`/clients?${q}`);
			expect(r.status).toBe(422);
			expect(r.body).toEqual({ code: 'INVALID_QUERY', message: expect.any(String), field });
		}
	});

	it('lookups see every write: a PUT that changes the BSN and name moves the client between keys', async () => {
		const before = await get(`/clients?bsn=${DEMO_IDS.bsnAnna}`);
		expect(idsOf(before)).toEqual(['kl_000001']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('A.M. de Vries')}`))).toEqual(['kl_000001']);
		const { id: _i, weergavenaam: _w, sbaMachtigingen: _s, versie: _v, aangemaaktOp: _a, gewijzigdOp: _g, ...writable } = before.body.items[0];
		const r = await put('/clients/kl_000001', { ...writable, bsn: '249566758', voorletters: 'A.' });
		expect(r.body).toMatchObject({ versie: 3, weergavenaam: 'A. de Vries', bsn: '249566758' });
		expect(idsOf(await get(`/clients?bsn=${DEMO_IDS.bsnAnna}`))).toEqual([]);
		expect(idsOf(await get('/clients?bsn=249566758'))).toEqual(['kl_000001']);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('A.M. de Vries')}`))).toEqual([]);
		expect(idsOf(await get(`/clients?naam=${encodeURIComponent('A. de Vries')}`))).toEqual(['kl_000001']);
		expect((await admin('DELETE', 'service/clients/kl_000001')).status).toBe(204);
		expect(idsOf(await get('/clients?bsn=249566758'))).toEqual([]);
	});

	it('GET /clients/{id}: 200 or 404 NOT_FOUND', async () => {
		expect((await get('/clients/kl_000004')).body).toMatchObject({ id: 'kl_000004', bsn: null, weergavenaam: 'Pieter Jansen' });
		const r = await get('/clients/kl_999999');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), field: null });
		expect((await call('DELETE', '/clients/kl_000004')).status).toBe(404);
	});
});

describe('SBA list and detail (B.3, B.6)', () => {
	it('replays the B.6 SBA list example verbatim', async () => {
		const r = await get('/sba?klantId=kl_000007&middel=VPB&since=2025-01-01T00:00:00.000Z&limit=100');
		expect(r.status).toBe(200);
		expect(r.text).toBe(
			JSON.stringify({
				items: [
					{
						id: 'sba_000913',
						klantId: 'kl_000007',
						fiscaalNummer: '004495445',
						middel: 'VPB',
						jaar: 2024,
						tijdvak: null,
						berichtsoort: 'aanslag',
						soortAanslag: 'voorlopig',
						kenmerk: '0044.95.445.V.46.0001',
						dagtekening: '2025-02-14',
						vervaldatum: '2025-03-28',
						bedrag: '12500.00',
						status: 'nieuw',
						ontvangenOp: '2025-02-15T06:12:44.120Z',
					},
				],
				count: 1,
				total: 1,
			}),
		);
	});

	it('GET /sba/{id} adds a well-formed XBRL instance; list items have no xbrl', async () => {
		const r = await get('/sba/sba_000913');
		expect(r.status).toBe(200);
		const { xbrl, ...rest } = r.body;
		const listed = (await get('/sba?klantId=kl_000007')).body.items[0];
		expect(listed.xbrl).toBeUndefined();
		expect(rest).toEqual(listed);
		expect(xbrl.startsWith('<?xml version="1.0" encoding="UTF-8"?><xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance"')).toBe(true);
		expect(isWellFormedXml(xbrl)).toBe(true);
		expect(xbrl).toContain('>004495445</xbrli:identifier>');
		expect(xbrl).toContain('>12500.00</sba:Bedrag>');
		expect(isWellFormedXml('<a><b></a></b>')).toBe(false); // the checker itself can fail
		expect((await get('/sba/sba_999999')).body).toMatchObject({ code: 'NOT_FOUND' });
	});

	it('demo SBAs cover IB/VPB/BTW and 2024-2026, sorted by ontvangenOp then id', async () => {
		const all = (await get('/sba?limit=500')).body;
		expect(all.total).toBeGreaterThanOrEqual(20);
		const items = all.items as Array<{ id: string; ontvangenOp: string; middel: string; jaar: number; tijdvak: string | null }>;
		expect(new Set(items.map((s) => s.middel))).toEqual(new Set(['IB', 'VPB', 'BTW']));
		expect(new Set(items.map((s) => s.jaar))).toEqual(new Set([2024, 2025, 2026]));
		const sorted = [...items].sort((a, b) => (a.ontvangenOp < b.ontvangenOp ? -1 : a.ontvangenOp > b.ontvangenOp ? 1 : a.id < b.id ? -1 : 1));
		expect(items.map((s) => s.id)).toEqual(sorted.map((s) => s.id));
		expect(items.filter((s) => s.middel === 'BTW').every((s) => s.tijdvak !== null)).toBe(true);
		expect(items.filter((s) => s.middel !== 'BTW').every((s) => s.tijdvak === null)).toBe(true);
	});

	it('since is inclusive (two messages at the same instant) and filters AND-combine', async () => {
		const at = '2025-05-10T04:00:00.000Z';
		const r = await get(`/sba?since=${encodeURIComponent(at)}&limit=3`);
		expect(r.body.items.map((s: { id: string }) => s.id)).toEqual(['sba_000908', 'sba_000909', 'sba_000910']);
		const offset = await get(`/sba?since=${encodeURIComponent('2025-05-10T06:00:00+02:00')}&limit=2`);
		expect(offset.body.items.map((s: { id: string }) => s.id)).toEqual(['sba_000908', 'sba_000909']);
		const combo = await get('/sba?klantId=kl_000010&middel=BTW&jaar=2025&status=nieuw');
		expect(combo.body.items.map((s: { id: string }) => s.id)).toEqual(['sba_000917']);
		expect((await get('/sba?klantId=kl_999999')).body).toEqual({ items: [], count: 0, total: 0 });
		for (const [q, field] of [
			['middel=OB', 'middel'],
			['status=open', 'status'],
			['jaar=25', 'jaar'],
			['since=yesterday', 'since'],
			['since=2025-13-01T00:00:00Z', 'since'],
			['limit=0', 'limit'],
			['type=IB', 'type'],
		]) {
			expect((await get(`/sba?${q}`)).body).toMatchObject({ code: 'INVALID_QUERY', field });
		}
	});

	it('an SBA added through the admin API shows up for a since-poller', async () => {
		const added = await admin('POST', 'service/sbas', {
			klantId: 'kl_000007',
			middel: 'VPB',
			jaar: 2025,
			soortAanslag: 'voorlopig',
			dagtekening: '2025-03-01',
			bedrag: '13000.00',
			ontvangenOp: '2026-06-01T05:00:00.000Z',
		});
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({ id: 'sba_000921', fiscaalNummer: '004495445', status: 'nieuw', tijdvak: null });
		const r = await get('/sba?since=2026-06-01T05:00:00.000Z');
		expect(r.body.items.map((s: { id: string }) => s.id)).toEqual(['sba_000921']);
		expect((await admin('POST', 'service/sbas', { klantId: 'kl_404', middel: 'IB', jaar: 2025, bedrag: '1.00' })).status).toBe(400);
	});
});

describe('rate limit and faults', () => {
	it('429 RATE_LIMITED with an integer Retry-After, per token (5/s, burst 10)', async () => {
		emu.setKnobs({ rateLimit: { enabled: true, requestsPerSecond: 5, burst: 10 } });
		await admin('PUT', 'service/tokens', { tokens: [TOKEN, 'second-token'] });
		const results = await Promise.all(Array.from({ length: 12 }, () => get('/clients?limit=1')));
		const limited = results.filter((r) => r.status === 429);
		expect(results.filter((r) => r.status === 200).length).toBe(10);
		expect(limited.length).toBe(2);
		for (const r of limited) {
			const retry = r.headers.get('retry-after');
			expect(retry).toMatch(/^[1-9]\d*$/);
			expect(r.text).toBe(
				JSON.stringify({ code: 'RATE_LIMITED', message: `Too many requests; retry after ${retry} seconds.`, field: null }),
			);
			expect(r.headers.get('x-request-id')).toBeTruthy();
		}
		// another token has its own bucket
		expect((await get('/clients?limit=1', 'second-token')).status).toBe(200);
	});

	it('a fault is 500 INTERNAL in the error shape', async () => {
		emu.setKnobs({ faults: { burst: 1 } });
		const r = await get('/clients?limit=1');
		expect(r.status).toBe(500);
		expect(r.body).toEqual({ code: 'INTERNAL', message: expect.any(String), field: null });
		expect((await get('/clients?limit=1')).status).toBe(200);
	});

	it('names operations for the request log', async () => {
		emu.clearRequests();
		await get('/clients?bsn=111222333');
		await get('/clients?fiscaalNummer=004495445');
		await get('/clients?naam=X');
		await get('/clients');
		await get('/clients/kl_000001');
		await post('/clients', JAN);
		await put('/clients/kl_000042', JAN);
		await get('/sba');
		await get('/sba/sba_000913');
		expect(emu.requests().byOperation).toEqual({
			'GET /clients?bsn': 1,
			'GET /clients?fiscaalNummer': 1,
			'GET /clients?naam': 1,
			'GET /clients': 1,
			'GET /clients/{id}': 1,
			'POST /clients': 1,
			'PUT /clients/{id}': 1,
			'GET /sba': 1,
			'GET /sba/{id}': 1,
		});
	});
});

describe('admin API, seed and persistence', () => {
	it('GET /__admin/service/clients returns every client; DELETE removes one (a PUT then gets 404)', async () => {
		const r = await admin('GET', 'service/clients');
		expect(r.status).toBe(200);
		expect(r.body.total).toBe(14);
		expect((await admin('DELETE', 'service/clients/kl_000007')).status).toBe(204);
		expect((await put('/clients/kl_000007', VOORBEELD_PUT)).status).toBe(404);
		const state = (await admin('GET', 'state')).body;
		expect(state.clients).toHaveLength(13);
		expect(JSON.stringify(state)).not.toContain(TOKEN);
	});

	it('admin routes: add a client in seed shape, replace registrations, patch and delete an SBA, revoke the token', async () => {
		const added = await admin('POST', 'service/clients', { soort: 'persoon', achternaam: 'Admin', bsn: '123456782', versie: 7 });
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({ id: 'kl_000042', versie: 7, bsn: '123456782' });
		expect((await admin('POST', 'service/clients', { soort: 'persoon', achternaam: 'Twee', bsn: '123456782' })).status).toBe(409);
		expect((await admin('POST', 'service/clients', { soort: 'persoon', achternaam: 'X', bsn: '1' })).body.error).toContain('INVALID_BSN');
		expect(idsOf(await get('/clients?bsn=123456782'))).toEqual(['kl_000042']);

		const m = await admin('PUT', 'service/clients/kl_000003/sbaMachtigingen', [{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true }]);
		expect(m.status).toBe(200);
		expect((await get('/clients/kl_000003')).body).toMatchObject({ versie: 2, sbaMachtigingen: [{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true }] });

		const patched = await admin('PATCH', 'service/sbas/sba_000913', { status: 'gecontroleerd' });
		expect(patched.body).toMatchObject({ id: 'sba_000913', status: 'gecontroleerd', bedrag: '12500.00', ontvangenOp: '2025-02-15T06:12:44.120Z' });
		expect((await get('/sba?status=gecontroleerd&klantId=kl_000007')).body.total).toBe(1);
		expect((await admin('DELETE', 'service/sbas/sba_000913')).status).toBe(204);
		expect((await get('/sba/sba_000913')).status).toBe(404);

		expect((await admin('PUT', 'service/tokens', { tokens: ['rotated'] })).status).toBe(200);
		expect((await get('/clients?limit=1')).status).toBe(401);
		expect((await get('/clients?limit=1', 'rotated')).status).toBe(200);
		expect((await admin('GET', 'service/nothing')).status).toBe(404);
	});

	it('loads a seed in API shapes (tokens, clients, sbas) and rejects an invalid one', async () => {
		const seed = {
			tokens: ['seed-token'],
			clients: [
				{ soort: 'persoon', achternaam: 'Test', bsn: '111222333' },
				{ id: 'kl_000100', soort: 'organisatie', naam: 'Seed B.V.', fiscaalNummer: '004495445', sbaMachtigingen: [{ middel: 'VPB', jaar: 2025, status: 'actief' }] },
			],
			sbas: [{ klantId: 'kl_000100', middel: 'VPB', jaar: 2025, bedrag: 10, ontvangenOp: '2025-04-01T00:00:00Z' }],
		};
		expect((await admin('POST', 'reset', seed)).status).toBe(200);
		expect((await get('/clients')).status).toBe(401);
		const all = await get('/clients', 'seed-token');
		expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(['kl_000100', 'kl_000101']);
		expect(all.body.items[0]).toMatchObject({ volgnummer: 1, versie: 1, sbaMachtigingen: [{ ophalenInNextens: true }] });
		expect((await get('/sba', 'seed-token')).body.items[0]).toMatchObject({ id: 'sba_000001', bedrag: '10.00', fiscaalNummer: '004495445', ontvangenOp: '2025-04-01T00:00:00.000Z' });
		const created = await call('POST', '/clients', { soort: 'persoon', achternaam: 'Nieuw' }, {}, 'seed-token');
		expect(created.body.id).toBe('kl_000102');

		const bad = await admin('POST', 'reset', { clients: [{ soort: 'persoon', achternaam: 'X', bsn: '123456789' }] });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toContain('INVALID_BSN');
		const dup = await admin('POST', 'reset', { clients: [{ soort: 'persoon', achternaam: 'X', bsn: '111222333' }, { soort: 'persoon', achternaam: 'Y', bsn: '111222333' }] });
		expect(dup.status).toBe(400);
		expect(dup.body.error).toContain('DUPLICATE_KEY');
	});

	it('generateNextensSeed builds a large valid seed (10,000 clients) that loads and looks up', async () => {
		const seed = generateNextensSeed({ clients: 10000, sbasPerClient: 1 });
		expect(seed.clients).toHaveLength(10000);
		const t0 = Date.now();
		emu.reset(seed);
		expect(Date.now() - t0).toBeLessThan(5000);
		const all = await get('/clients?limit=1');
		expect(all.body.total).toBe(10000);
		const person = seed.clients![9998] as { bsn: string | null; id: string };
		const someBsn = (seed.clients as Array<{ soort: string; bsn?: string | null; id: string }>).find((c, i) => i > 9000 && c.soort === 'persoon' && c.bsn)!;
		expect((await get(`/clients?bsn=${someBsn.bsn}`)).body.items.map((c: { id: string }) => c.id)).toEqual([someBsn.id]);
		const byName = (await get(`/clients/${person.id}`)).body;
		expect((await get(`/clients?naam=${encodeURIComponent(byName.weergavenaam)}`)).body.total).toBe(1);
		expect((await get('/sba?limit=1')).body.total).toBeGreaterThan(9000);
	});

	it('persists to a state file: a restart keeps an acknowledged create', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextens-state-'));
		const file = path.join(dir, 'nextens.json');
		const first = await startEmulator(nextensService, { port: 0, stateFile: file });
		const created = await fetch(`${first.url}/api/v1/clients`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(JAN),
		});
		expect(created.status).toBe(201);
		await first.close();
		const second = await startEmulator(nextensService, { port: 0, stateFile: file });
		const r = await fetch(`${second.url}/api/v1/clients?bsn=111222333`, { headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(((await r.json()) as { total: number }).total).toBe(1);
		await second.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
