import { normaliseRecord, displayName } from '../../../nodes/Nextens/domain/normalise';
import { validatePayload } from '../../../nodes/Nextens/domain/validate';
import { canonical, changedFields, desiredBody, isUnchanged } from '../../../nodes/Nextens/domain/diff';
import { upsertClient, lockKeys } from '../../../nodes/Nextens/domain/upsert';
import type { ApiFailure, ListPage, LookupQuery, NextensPort, Outcome } from '../../../nodes/Nextens/domain/port';
import { ClientSync } from '../../../nodes/Nextens/domain/sync';
import { KeyedMutex } from '../../../nodes/Nextens/domain/keyedMutex';
import type { ClientPayload, StoredClient } from '../../../nodes/Nextens/domain/types';
import { loadClientIndex } from '../../../nodes/Nextens/domain/sync';
import { validBsns } from '../kit/identifiers';

const JAN = {
	achternaam: ' Berg ',
	tussenvoegsel: 'van der',
	voorletters: 'J.P.',
	voornaam: 'Jan',
	bsn: '1112.22.333',
	geboortedatum: '17-05-1980',
	geslacht: 'M',
	klantnummer: 'C-1042',
	correspondentieStraatnaam: 'Keizersgracht',
	correspondentieHuisnummer: '123A',
	correspondentiePostcode: '1015cj',
	correspondentiePlaats: 'Amsterdam',
	correspondentieLand: 'Nederland',
	telefoonMobiel: '06 12345678',
	email: 'jan@example.nl',
};

const VOORBEELD = {
	naam: 'Voorbeeld B.V.',
	kvkNummer: '1234 5678',
	fiscaalNummer: '004495445',
	volgnummer: '',
	btwNummer: 'nl 0044.95.445.b.01',
	iban: 'NL91 ABNA 0417 1643 00',
	klantnummer: 'C-7',
	bezoekStraatnaam: 'Stationsplein 1',
	bezoekPostcode: '3511ED',
	bezoekPlaats: 'Utrecht',
	bezoekLand: 'NL',
	telefoonnummer: '030-1234567',
	email: 'info@voorbeeld.nl',
};

describe('normalisation', () => {
	test('person: trim, NFC, BSN, date, gender, house number addition, postcode, country name', () => {
		const { payload, provided } = normaliseRecord('persoon', { ...JAN, voornaam: 'Jose\u0301' });
		expect(payload).toMatchObject({
			soort: 'persoon',
			achternaam: 'Berg',
			voornaam: 'José',
			bsn: '111222333',
			geboortedatum: '1980-05-17',
			geslacht: 'man',
			correspondentieadres: {
				straatnaam: 'Keizersgracht',
				huisnummer: 123,
				huisnummertoevoeging: 'A',
				postcode: '1015 CJ',
				plaats: 'Amsterdam',
				landcode: 'NL',
			},
			telefoonnummers: { algemeen: null, mobiel: '06 12345678', zakelijk: null },
		});
		expect((payload as { voornaam: string }).voornaam).toBe('José'.normalize('NFC'));
		expect(provided.has('bsn')).toBe(true);
		expect(provided.has('telefoonnummers')).toBe(true);
		expect(provided.has('tussenvoegsel')).toBe(true);
		expect(displayName(payload)).toBe('J.P. van der Berg');
	});

	test('8-digit BSN is padded; display name uses the first name without initials', () => {
		const { payload, paddedFields } = normaliseRecord('persoon', { achternaam: 'Jansen', voornaam: ' Piet ', bsn: '12345672' });
		expect(payload).toMatchObject({ bsn: '012345672' });
		expect(paddedFields).toEqual(['bsn']);
		expect(displayName(payload)).toBe('Piet Jansen');
	});

	test('organisation: identifiers normalised, volgnummer 1, street split, mailing address falls back to the visit address', () => {
		const { payload } = normaliseRecord('organisatie', VOORBEELD);
		expect(payload).toEqual({
			soort: 'organisatie',
			klantnummer: 'C-7',
			email: 'info@voorbeeld.nl',
			naam: 'Voorbeeld B.V.',
			kvkNummer: '12345678',
			fiscaalNummer: '004495445',
			volgnummer: 1,
			btwNummer: 'NL004495445B01',
			iban: 'NL91ABNA0417164300',
			bezoekadres: {
				straatnaam: 'Stationsplein',
				huisnummer: 1,
				huisnummertoevoeging: null,
				postcode: '3511 ED',
				plaats: 'Utrecht',
				landcode: 'NL',
			},
			correspondentieadres: {
				straatnaam: 'Stationsplein',
				huisnummer: 1,
				huisnummertoevoeging: null,
				postcode: '3511 ED',
				plaats: 'Utrecht',
				landcode: 'NL',
			},
			telefoonnummer: '030-1234567',
		});
	});

	test('a separate correspondence address wins over the visit address', () => {
		const { payload } = normaliseRecord('organisatie', {
			...VOORBEELD,
			correspondentieStraatnaam: 'Postbus',
			correspondentieHuisnummer: 100,
			correspondentiePostcode: '3500 AC',
			correspondentiePlaats: 'Utrecht',
		});
		expect(payload).toMatchObject({ correspondentieadres: { straatnaam: 'Postbus', huisnummer: 100, postcode: '3500 AC' } });
	});

	test('foreign address: country name mapped, postcode kept as text', () => {
		const { payload } = normaliseRecord('persoon', {
			achternaam: 'Peeters',
			correspondentieStraatnaam: 'Meir',
			correspondentieHuisnummer: '10',
			correspondentiePostcode: '2000',
			correspondentiePlaats: 'Antwerpen',
			correspondentieLand: 'België',
		});
		expect(payload).toMatchObject({ correspondentieadres: { landcode: 'BE', postcode: '2000' } });
		expect(validatePayload(payload)).toBeNull();
	});
});

describe('validation (server rules and order)', () => {
	const person = (extra: Record<string, unknown>) => normaliseRecord('persoon', { ...JAN, ...extra }).payload;
	const org = (extra: Record<string, unknown>) => normaliseRecord('organisatie', { ...VOORBEELD, ...extra }).payload;

	test('valid records pass', () => {
		expect(validatePayload(person({}))).toBeNull();
		expect(validatePayload(org({}))).toBeNull();
	});

	test('an RSIN that lost its two leading zeros (004495445 -> 4495445) is padded and passes', () => {
		expect(validatePayload(org({ fiscaalNummer: '4495445' }))).toBeNull();
		const { payload, paddedFields } = normaliseRecord('organisatie', { naam: 'Voorbeeld B.V.', fiscaalNummer: 4495445 });
		expect(payload).toMatchObject({ fiscaalNummer: '004495445' });
		expect(paddedFields).toEqual(['fiscaalNummer']);
	});

	test.each([
		[{ bsn: '123456789' }, 'INVALID_BSN', 'bsn'],
		[{ bsn: '1234567' }, 'INVALID_BSN', 'bsn'],
		[{ achternaam: '  ' }, 'REQUIRED', 'achternaam'],
		[{ email: 'jan.example.nl' }, 'INVALID_EMAIL', 'email'],
		[{ klantnummer: 'X'.repeat(21) }, 'TOO_LONG', 'klantnummer'],
		[{ geboortedatum: '2999-01-01' }, 'INVALID_DATE', 'geboortedatum'],
		[{ geboortedatum: '1980-02-30' }, 'INVALID_DATE', 'geboortedatum'],
		[{ geslacht: 'misschien' }, 'INVALID_ENUM', 'geslacht'],
		[{ telefoonAlgemeen: '06-CALL-ME' }, 'INVALID_TELEFOON', 'telefoonnummers.algemeen'],
		[{ correspondentiePostcode: '12345 AB' }, 'INVALID_POSTCODE', 'correspondentieadres.postcode'],
		[{ correspondentiePostcode: '' }, 'REQUIRED', 'correspondentieadres.postcode'],
		[{ correspondentieHuisnummer: 'abc' }, 'INVALID_FORMAT', 'correspondentieadres.huisnummer'],
		[{ correspondentiePlaats: null }, 'REQUIRED', 'correspondentieadres.plaats'],
		[{ correspondentieLand: 'Atlantis' }, 'INVALID_LANDCODE', 'correspondentieadres.landcode'],
	])('person %j -> %s on %s', (extra, code, field) => {
		const error = validatePayload(person(extra));
		expect(error).toMatchObject({ code, field });
		expect(error?.message).toContain(field);
	});

	test.each([
		[{ kvkNummer: '000012345678' }, 'INVALID_KVK', 'kvkNummer'],
		[{ fiscaalNummer: '495445' }, 'INVALID_FISCAAL_NUMMER', 'fiscaalNummer'],
		[{ fiscaalNummer: '1234567' }, 'INVALID_FISCAAL_NUMMER', 'fiscaalNummer'],
		[{ volgnummer: '1000' }, 'INVALID_FORMAT', 'volgnummer'],
		[{ btwNummer: 'NL004495445B00' }, 'INVALID_BTW', 'btwNummer'],
		[{ iban: 'NL91ABNA0417164301' }, 'INVALID_IBAN', 'iban'],
		[{ telefoonnummer: 'x' }, 'INVALID_TELEFOON', 'telefoonnummer'],
		[{ bezoekPostcode: '2611 SS' }, 'INVALID_POSTCODE', 'bezoekadres.postcode'],
		[{ naam: '' }, 'REQUIRED', 'naam'],
	])('organisation %j -> %s on %s', (extra, code, field) => {
		expect(validatePayload(org(extra))).toMatchObject({ code, field });
	});

	test('first failure in server order: common, soort fields, phones, then addresses', () => {
		// email (common) before bsn (person)
		expect(validatePayload(person({ email: 'x', bsn: '123456789' }))?.field).toBe('email');
		// bsn before the address
		expect(validatePayload(person({ bsn: '123456789', correspondentiePostcode: 'x' }))?.field).toBe('bsn');
		// phones before the address (the address comes last)
		expect(validatePayload(person({ telefoonMobiel: 'x', correspondentiePostcode: 'x' }))?.field).toBe('telefoonnummers.mobiel');
		// organisation: iban before telefoonnummer before bezoekadres before correspondentieadres
		expect(validatePayload(org({ iban: 'NL00', telefoonnummer: 'x' }))?.field).toBe('iban');
		expect(validatePayload(org({ telefoonnummer: 'x', bezoekPostcode: 'x' }))?.field).toBe('telefoonnummer');
		expect(
			validatePayload(org({ bezoekPlaats: '', correspondentieStraatnaam: 'Postbus', correspondentieHuisnummer: 1, correspondentiePostcode: 'x', correspondentiePlaats: 'U' }))
				?.field,
		).toBe('bezoekadres.plaats');
		// inside an address: straatnaam, huisnummer, toevoeging, postcode, plaats, landcode
		expect(validatePayload(person({ correspondentieHuisnummer: 'abc', correspondentiePostcode: 'x' }))?.field).toBe(
			'correspondentieadres.huisnummer',
		);
		expect(validatePayload(person({ correspondentiePostcode: 'x', correspondentiePlaats: '' }))?.field).toBe(
			'correspondentieadres.postcode',
		);
	});

	test('messages name the CRM field and the rule, and never show a full BSN', () => {
		const error = validatePayload(person({ bsn: '123456789' }));
		expect(error?.message).toMatch(/BSN/);
		expect(error?.message).toMatch(/11-proef/);
		expect(error?.message).not.toContain('123456789');
		expect(error?.message).toContain('*****6789');
	});
});

describe('diff and modes', () => {
	const stored: StoredClient = {
		id: 'kl_000007',
		soort: 'organisatie',
		weergavenaam: 'Voorbeeld B.V.',
		naam: 'Voorbeeld B.V.',
		kvkNummer: '12345678',
		fiscaalNummer: '004495445',
		volgnummer: 1,
		btwNummer: 'NL004495445B01',
		iban: null,
		klantnummer: 'C-7',
		bezoekadres: { straatnaam: 'Stationsplein', huisnummer: 1, huisnummertoevoeging: null, postcode: '3511 ED', plaats: 'Utrecht', landcode: 'NL' },
		correspondentieadres: null,
		telefoonnummer: '030-1234567',
		email: 'old@voorbeeld.nl',
		versie: 3,
	};

	test('canonical treats empty phone objects and empty addresses as null', () => {
		expect(canonical('persoon', { telefoonnummers: { algemeen: null, mobiel: '', zakelijk: null } }).telefoonnummers).toBeNull();
		expect(canonical('organisatie', { fiscaalNummer: '004495445', volgnummer: null }).volgnummer).toBe(1);
	});

	test('overwrite: CRM leading, changed fields listed', () => {
		const { payload, provided } = normaliseRecord('organisatie', VOORBEELD);
		const body = desiredBody(payload, stored, { mode: 'overwrite', provided });
		expect(body.email).toBe('info@voorbeeld.nl');
		expect(body.iban).toBe('NL91ABNA0417164300');
		expect(changedFields('organisatie', body, stored).sort()).toEqual(['correspondentieadres', 'email', 'iban']);
	});

	test('overwrite keeps fields the record does not supply', () => {
		const { payload, provided } = normaliseRecord('organisatie', { naam: 'Voorbeeld B.V.', fiscaalNummer: '004495445' });
		const body = desiredBody(payload, stored, { mode: 'overwrite', provided });
		expect(isUnchanged('organisatie', body, stored)).toBe(true);
	});

	test('fill empty fields only: Nextens values stay, empty ones are filled', () => {
		const { payload, provided } = normaliseRecord('organisatie', VOORBEELD);
		const body = desiredBody(payload, stored, { mode: 'fillEmpty', provided });
		expect(body.email).toBe('old@voorbeeld.nl');
		expect(body.iban).toBe('NL91ABNA0417164300');
		expect(changedFields('organisatie', body, stored).sort()).toEqual(['correspondentieadres', 'iban']);
	});

	test('a record equal to Nextens is unchanged', () => {
		const { payload, provided } = normaliseRecord('organisatie', {
			...VOORBEELD,
			email: 'old@voorbeeld.nl',
			iban: '',
		});
		const sameStored = { ...stored, correspondentieadres: stored.bezoekadres };
		expect(isUnchanged('organisatie', desiredBody(payload, sameStored, { mode: 'overwrite', provided }), sameStored)).toBe(true);
	});

	test('a name match without a CRM key keeps the stored key', () => {
		const { payload, provided } = normaliseRecord('organisatie', { naam: 'Voorbeeld B.V.', fiscaalNummer: '' });
		const body = desiredBody(payload, stored, { mode: 'overwrite', provided });
		expect(body.fiscaalNummer).toBe('004495445');
		expect(body.volgnummer).toBe(1);
	});
});

// ---- upsert against an in-memory port ---------------------------------------------------------

class MemoryPort implements NextensPort {
	clients: StoredClient[] = [];
	calls: string[] = [];
	failNext: Array<{ op: string; error: ApiFailure; apply?: boolean }> = [];
	/** The offset of a list page that fails. */
	failNextList: number | undefined;
	private counter = 100;

	private injected(op: string): { error: ApiFailure; apply?: boolean } | undefined {
		const i = this.failNext.findIndex((f) => f.op === op);
		if (i < 0) return undefined;
		return this.failNext.splice(i, 1)[0];
	}

	async getClient(id: string): Promise<Outcome<StoredClient>> {
		this.calls.push(`GET ${id}`);
		const c = this.clients.find((x) => x.id === id);
		return c ? { ok: true, value: c } : { ok: false, error: { status: 404, code: 'NOT_FOUND', message: 'Unknown client.', field: null } };
	}

	async findClients(q: LookupQuery): Promise<Outcome<StoredClient[]>> {
		this.calls.push(`FIND ${JSON.stringify(q)}`);
		const inj = this.injected('find');
		if (inj) return { ok: false, error: inj.error };
		let list: StoredClient[];
		if ('bsn' in q) list = this.clients.filter((c) => c.soort === 'persoon' && c.bsn === q.bsn);
		else if ('fiscaalNummer' in q)
			list = this.clients.filter((c) => c.soort === 'organisatie' && c.fiscaalNummer === q.fiscaalNummer && (c.volgnummer ?? 1) === q.volgnummer);
		else list = this.clients.filter((c) => c.soort === q.soort && c.weergavenaam === q.naam);
		return { ok: true, value: list };
	}

	private store(id: string, body: Record<string, unknown>, versie: number): StoredClient {
		const c = { ...body, id, soort: body.soort, versie } as StoredClient;
		c.weergavenaam = displayName(body as unknown as ClientPayload);
		return c;
	}

	async createClient(body: Record<string, unknown>): Promise<Outcome<StoredClient>> {
		this.calls.push('POST');
		const inj = this.injected('create');
		if (inj && !inj.apply) return { ok: false, error: inj.error };
		const c = this.store(`kl_${++this.counter}`, body, 1);
		this.clients.push(c);
		if (inj) return { ok: false, error: inj.error };
		return { ok: true, value: c };
	}

	async listClients(_qs: Record<string, string | number>, limit: number, offset: number): Promise<Outcome<ListPage<StoredClient>>> {
		this.calls.push(`LIST ${offset}`);
		if (offset === this.failNextList) return { ok: false, error: SERVER_ERROR };
		const items = this.clients.slice(offset, offset + limit);
		return { ok: true, value: { items, count: items.length, total: this.clients.length } };
	}

	async updateClient(id: string, body: Record<string, unknown>): Promise<Outcome<StoredClient>> {
		this.calls.push(`PUT ${id}`);
		const inj = this.injected('update');
		if (inj && !inj.apply) return { ok: false, error: inj.error };
		const i = this.clients.findIndex((c) => c.id === id);
		if (i < 0) return { ok: false, error: { status: 404, code: 'NOT_FOUND', message: 'Unknown client.', field: null } };
		this.clients[i] = this.store(id, body, (this.clients[i].versie ?? 1) + 1);
		if (inj) return { ok: false, error: inj.error };
		return { ok: true, value: this.clients[i] };
	}
}

const OPTS = { mode: 'overwrite' as const, nameFallback: true };
const SERVER_ERROR: ApiFailure = { status: 500, code: 'INTERNAL', message: 'Internal error.', field: null };

function input(soort: 'persoon' | 'organisatie', record: Record<string, unknown>, crmId = 'crm-1', nextensId?: string) {
	const { payload, provided } = normaliseRecord(soort, record);
	return { payload, provided, crmId, nextensId };
}

describe('upsert', () => {
	test('new person is created, then unchanged with zero writes, then updated on a change', async () => {
		const port = new MemoryPort();
		const first = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(first).toMatchObject({ status: 'created', matchedBy: 'none', crmId: 'crm-1', nextensId: 'kl_101' });
		port.calls = [];
		const again = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(again).toMatchObject({ status: 'unchanged', matchedBy: 'bsn', nextensId: 'kl_101' });
		expect(port.calls).toEqual(['FIND {"bsn":"111222333"}']);
		const moved = await upsertClient(port, input('persoon', { ...JAN, correspondentiePostcode: '1016 AB' }), OPTS);
		expect(moved).toMatchObject({ status: 'updated', matchedBy: 'bsn', changedFields: ['correspondentieadres.postcode'] });
	});

	test('person without BSN in Nextens is matched by exact name and the BSN is written', async () => {
		const port = new MemoryPort();
		const { bsn: _bsn, ...noBsn } = JAN;
		await upsertClient(port, input('persoon', noBsn), OPTS);
		expect(port.clients[0].bsn).toBeNull();
		const r = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(r).toMatchObject({ status: 'updated', matchedBy: 'name', changedFields: ['bsn'] });
		expect(port.clients[0].bsn).toBe('111222333');
		expect(port.clients).toHaveLength(1);
	});

	test('CRM without BSN matches by name and keeps the BSN Nextens holds', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('persoon', JAN), OPTS);
		const { bsn: _bsn, ...noBsn } = JAN;
		const r = await upsertClient(port, input('persoon', noBsn), OPTS);
		expect(r).toMatchObject({ status: 'unchanged', matchedBy: 'name' });
		expect(port.clients[0].bsn).toBe('111222333');
	});

	test('name match with a different BSN fails with the id and writes nothing', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('persoon', JAN), OPTS);
		port.calls = [];
		const r = await upsertClient(port, input('persoon', { ...JAN, bsn: '123456782' }), OPTS);
		expect(r).toMatchObject({ status: 'failed', code: 'KEY_CONFLICT', ids: ['kl_101'] });
		expect(r.message).not.toContain('111222333');
		expect(r.message).not.toContain('123456782');
		expect(port.calls.filter((c) => c.startsWith('POST') || c.startsWith('PUT'))).toEqual([]);
	});

	test('more than one name match fails with the ids', async () => {
		const port = new MemoryPort();
		const { bsn: _b, ...noBsn } = JAN;
		port.clients.push(
			{ id: 'kl_1', soort: 'persoon', weergavenaam: 'J.P. van der Berg', achternaam: 'Berg', bsn: null },
			{ id: 'kl_2', soort: 'persoon', weergavenaam: 'J.P. van der Berg', achternaam: 'Berg', bsn: null },
		);
		const r = await upsertClient(port, input('persoon', noBsn), OPTS);
		expect(r).toMatchObject({ status: 'failed', code: 'AMBIGUOUS_MATCH', ids: ['kl_1', 'kl_2'], matchedBy: 'name' });
	});

	test('name fallback off: a BSN not found creates without a name lookup', async () => {
		const port = new MemoryPort();
		const r = await upsertClient(port, input('persoon', JAN), { ...OPTS, nameFallback: false });
		expect(r.status).toBe('created');
		expect(port.calls).toEqual(['FIND {"bsn":"111222333"}', 'POST']);
	});

	test('organisation by fiscaal nummer + volgnummer (empty = 1) and by exact name', async () => {
		const port = new MemoryPort();
		expect((await upsertClient(port, input('organisatie', VOORBEELD), OPTS)).status).toBe('created');
		const byKey = await upsertClient(port, input('organisatie', { ...VOORBEELD, volgnummer: 1, email: 'x@voorbeeld.nl' }), OPTS);
		expect(byKey).toMatchObject({ status: 'updated', matchedBy: 'fiscaalNummer' });
		const byName = await upsertClient(port, input('organisatie', { ...VOORBEELD, fiscaalNummer: '' }), OPTS);
		expect(byName).toMatchObject({ status: 'updated', matchedBy: 'name', changedFields: ['email'] });
		// a second sub-unit (volgnummer 2) with the same name conflicts with the stored key
		const sub = await upsertClient(port, input('organisatie', { ...VOORBEELD, volgnummer: '2' }), OPTS);
		expect(sub).toMatchObject({ status: 'failed', code: 'KEY_CONFLICT' });
		expect(port.clients).toHaveLength(1);
	});

	test('an explicit Nextens id updates that client without matching', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('persoon', JAN), OPTS);
		port.calls = [];
		const r = await upsertClient(port, input('persoon', { ...JAN, email: 'new@example.nl' }, 'crm-1', 'kl_101'), OPTS);
		expect(r).toMatchObject({ status: 'updated', matchedBy: 'id', nextensId: 'kl_101' });
		expect(port.calls).toEqual(['GET kl_101', 'PUT kl_101']);
		const missing = await upsertClient(port, input('persoon', JAN, 'crm-1', 'kl_999'), OPTS);
		expect(missing).toMatchObject({ status: 'failed', code: 'NOT_FOUND', matchedBy: 'id' });
	});

	test('a POST that failed after being applied is not repeated: the new lookup finds it', async () => {
		const port = new MemoryPort();
		port.failNext.push({ op: 'create', error: SERVER_ERROR, apply: true });
		const r = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(r).toMatchObject({ status: 'created', nextensId: 'kl_101' });
		expect(port.calls.filter((c) => c === 'POST')).toHaveLength(1);
		expect(port.clients).toHaveLength(1);
	});

	test('a POST that failed without being applied is sent again after a new lookup', async () => {
		const port = new MemoryPort();
		port.failNext.push({ op: 'create', error: SERVER_ERROR });
		const r = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(r).toMatchObject({ status: 'created' });
		expect(port.calls).toEqual(['FIND {"bsn":"111222333"}', 'FIND {"naam":"J.P. van der Berg","soort":"persoon"}', 'POST', 'FIND {"bsn":"111222333"}', 'FIND {"naam":"J.P. van der Berg","soort":"persoon"}', 'POST']);
		expect(port.clients).toHaveLength(1);
	});

	test('lookups failing transiently are retried; after max rounds the record fails', async () => {
		const port = new MemoryPort();
		for (let i = 0; i < 4; i++) port.failNext.push({ op: 'find', error: SERVER_ERROR });
		const r = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(r).toMatchObject({ status: 'failed', code: 'UNAVAILABLE' });
		expect(port.calls.filter((c) => c === 'POST')).toHaveLength(0);
	});

	test('a PUT that returns 404 repeats the lookup once', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('persoon', JAN), OPTS);
		port.failNext.push({ op: 'update', error: { status: 404, code: 'NOT_FOUND', message: 'gone', field: null } });
		const r = await upsertClient(port, input('persoon', { ...JAN, email: 'a@b.nl' }), OPTS);
		expect(r.status).toBe('updated');
		expect(port.calls.filter((c) => c.startsWith('PUT'))).toHaveLength(2);
	});

	test('a 422 from Nextens becomes a failed item with code, field and advice', async () => {
		const port = new MemoryPort();
		port.failNext.push({ op: 'create', error: { status: 422, code: 'INVALID_POSTCODE', message: 'Postcode must look like 1234 AB.', field: 'correspondentieadres.postcode' } });
		const r = await upsertClient(port, input('persoon', JAN), OPTS);
		expect(r).toMatchObject({ status: 'failed', code: 'INVALID_POSTCODE', field: 'correspondentieadres.postcode' });
		expect(r.message).toContain('Postcode must look like 1234 AB.');
		expect(r.description).toBe('Correct the field correspondentieadres.postcode in the CRM and send the record again.');
	});

	test('lock keys cover key, name and id', () => {
		expect(lockKeys(input('persoon', JAN, 'c', 'kl_1'))).toEqual([
			'naam:persoon:J.P. van der Berg',
			'bsn:{"bsn":"111222333"}',
			'id:kl_1',
		]);
	});

	test('keyed mutex serialises records with shared keys and keeps others parallel', async () => {
		const mutex = new KeyedMutex();
		const log: string[] = [];
		const task = (name: string, keys: string[], ms: number) =>
			mutex.run(keys, async () => {
				log.push(`start ${name}`);
				await new Promise((r) => setTimeout(r, ms));
				log.push(`end ${name}`);
			});
		await Promise.all([task('a', ['k1'], 20), task('b', ['k1', 'k2'], 5), task('c', ['k3'], 1)]);
		expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
		expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
	});
});

describe('client index (prefetched lookups)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { ClientIndex, shouldPrefetch } = require('../../../nodes/Nextens/domain/clientIndex');

	test('answers lookups locally and sees the writes of the batch', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('organisatie', VOORBEELD), OPTS);
		const index = new ClientIndex(port.clients);
		port.calls = [];
		const again = await upsertClient(index.portFor(port), input('organisatie', VOORBEELD), OPTS);
		expect(again).toMatchObject({ status: 'unchanged', matchedBy: 'fiscaalNummer' });
		expect(port.calls).toEqual([]);
		// two name-only records of one batch: the second sees the client the first created
		const { bsn: _b, ...noBsn } = JAN;
		expect((await upsertClient(index.portFor(port), input('persoon', noBsn), OPTS)).status).toBe('created');
		expect((await upsertClient(index.portFor(port), input('persoon', noBsn), OPTS)).status).toBe('unchanged');
		expect(port.calls).toEqual(['POST']);
	});

	test('a stale index never causes a wrong write: after a failed write the record looks up live', async () => {
		const port = new MemoryPort();
		await upsertClient(port, input('persoon', JAN), OPTS);
		const index = new ClientIndex(port.clients);
		port.clients = []; // removed in Nextens after the list was read
		port.calls = [];
		const r = await upsertClient(index.portFor(port), input('persoon', { ...JAN, email: 'x@y.nl' }), OPTS);
		expect(r).toMatchObject({ status: 'created' });
		expect(port.calls).toEqual(['PUT kl_101', 'FIND {"bsn":"111222333"}', 'FIND {"naam":"J.P. van der Berg","soort":"persoon"}', 'POST']);
		expect(port.clients).toHaveLength(1);
	});

	test('prefetch only pays off for batches larger than the list', () => {
		expect(shouldPrefetch(1, 10, 500)).toBe(false);
		expect(shouldPrefetch(9, 10, 500)).toBe(false);
		expect(shouldPrefetch(10, 10, 500)).toBe(true);
		expect(shouldPrefetch(10000, 8000, 500)).toBe(true);
		expect(shouldPrefetch(20, 10000, 500)).toBe(false);
	});
});

describe('Create or Update use case (a batch)', () => {
	const record = (fields: Record<string, unknown>, nextensId: string | null = null) => ({ soort: 'persoon' as const, fields, crmId: 'crm-9', nextensId });

	test('an invalid record fails with what to do and is never sent; a valid one is upserted', async () => {
		const port = new MemoryPort();
		const sync = await ClientSync.open(port, 2, 'auto', () => undefined);
		const bad = await sync.upsert(record({ ...JAN, bsn: '123456789' }, 'kl_7'), OPTS);
		expect(bad).toEqual({
			status: 'failed', nextensId: 'kl_7', matchedBy: 'none', crmId: 'crm-9', code: 'INVALID_BSN', field: 'bsn',
			message: expect.stringContaining('*****6789 fails the 11-proef. Nothing of this record was sent to Nextens.'),
			description: 'Correct the field bsn in the CRM and send the record again.', changedFields: [], ids: [], paddedFields: [],
		});
		expect(port.calls).toEqual([]);
		expect(await sync.upsert(record(JAN), OPTS)).toMatchObject({ status: 'created', code: null, message: null, changedFields: [], ids: [] });
	});

	test('the lookup strategy decides whether the client list is read first', async () => {
		const port = new MemoryPort();
		await ClientSync.open(port, 50, 'auto', () => undefined);
		await ClientSync.open(port, 1, 'prefetch', () => undefined);
		await ClientSync.open(port, 50, 'perRecord', () => undefined);
		expect(port.calls).toEqual(['LIST 0', 'LIST 0']);
	});
});

describe('Create or Update use case: calls in flight', () => {
	/** A port whose calls take a few milliseconds, counting how many are under way at once. */
	class SlowPort extends MemoryPort {
		inFlight = 0;

		peak = 0;

		private async slow<T>(call: () => Promise<T>): Promise<T> {
			this.inFlight++;
			this.peak = Math.max(this.peak, this.inFlight);
			await new Promise((resolve) => setTimeout(resolve, 3));
			try {
				return await call();
			} finally {
				this.inFlight--;
			}
		}

		async findClients(q: LookupQuery) {
			return this.slow(() => super.findClients(q));
		}

		async createClient(body: Record<string, unknown>) {
			return this.slow(() => super.createClient(body));
		}

		async listClients(qs: Record<string, string | number>, limit: number, offset: number) {
			return this.slow(() => super.listClients(qs, limit, offset));
		}
	}

	const person = (bsn: string, i: number) => ({ soort: 'persoon' as const, fields: { achternaam: `Klant ${i}`, bsn }, crmId: `crm-${i}`, nextensId: null });

	test('more records under way than calls: never more than `concurrency` calls in flight, every record written once', async () => {
		const port = new SlowPort();
		const sync = await ClientSync.open(port, 12, 'perRecord', () => undefined, 2);
		const records = validBsns(12).map(person);
		const results = await Promise.all(records.map((r) => sync.upsert(r, OPTS)));
		expect(results.map((r) => r.status)).toEqual(Array(12).fill('created'));
		expect(port.peak).toBe(2);
		expect(port.clients).toHaveLength(12);
	});

	test('the client list: after the first page the other pages are read side by side, all clients in the index', async () => {
		const port = new SlowPort();
		port.clients = validBsns(1700).map((bsn, i) => ({ id: `kl_${String(i).padStart(6, '0')}`, soort: 'persoon', bsn, weergavenaam: `Klant ${i}` }) as StoredClient);
		const index = await loadClientIndex(port, 5000, 'auto', () => undefined, 3);
		expect(index?.size).toBe(1700);
		expect(port.calls).toEqual(['LIST 0', 'LIST 500', 'LIST 1000', 'LIST 1500']);
		expect(port.peak).toBe(3);
		const warned: string[] = [];
		port.failNextList = 1000;
		expect(await loadClientIndex(port, 5000, 'auto', (m) => warned.push(m), 3)).toBeUndefined();
		expect(warned).toEqual([expect.stringContaining('looking up each record instead')]);
	});
});
