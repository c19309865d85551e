/** SBA readiness: the pure rule, and Client → Check SBA Readiness against the Nextens emulator's demo clients. */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulators/common/server';
import { demoSeed, nextensService, type NextensState } from '../../../emulators/nextens';
import { sbaReadiness } from '../../../nodes/Nextens/domain/sbaReadiness';
import { Nextens } from '../../../nodes/Nextens/Nextens.node';
import { executeContext } from '../kit/context';
import { NEXTENS, nextensCredentials } from '../kit/vendors';

describe('sbaReadiness', () => {
	test('ready only when the machtiging for that tax and year is actief and retrieval is on', () => {
		const active = { middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true };
		expect(sbaReadiness([active], 'IB', 2025)).toEqual({
			middel: 'IB',
			jaar: 2025,
			ready: true,
			code: null,
			machtigingStatus: 'actief',
			ophalenInNextens: true,
			message: null,
		});
		expect(sbaReadiness([active], 'IB', 2024)).toMatchObject({ ready: false, code: 'MISSING', machtigingStatus: null });
		expect(sbaReadiness([active], 'VPB', 2025)).toMatchObject({ ready: false, code: 'MISSING' });
		expect(sbaReadiness([{ ...active, ophalenInNextens: false }], 'IB', 2025)).toMatchObject({
			ready: false,
			code: 'RETRIEVAL_OFF',
			ophalenInNextens: false,
		});
		expect(sbaReadiness(undefined, 'IB', 2025).code).toBe('MISSING');
	});

	test.each([
		['aangevraagd', 'REQUESTED', /not active yet/],
		['geweigerd', 'REFUSED', /contact the client/],
		['ingetrokken', 'REVOKED', /was revoked/],
		['verlopen', 'EXPIRED', /expired: request a new one/],
	])('status %s is %s with a message that says what to do', (status, code, text) => {
		const result = sbaReadiness([{ middel: 'IB', jaar: 2025, status, ophalenInNextens: false }], 'IB', 2025);
		expect(result).toMatchObject({ ready: false, code, machtigingStatus: status });
		expect(result.message).toMatch(text);
		expect(result.message).toContain('IB 2025');
	});

	test('an active registration wins over an older refused one for the same tax and year', () => {
		const registrations = [
			{ middel: 'IB', jaar: 2025, status: 'geweigerd', ophalenInNextens: false },
			{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true },
		];
		expect(sbaReadiness(registrations, 'IB', 2025).ready).toBe(true);
	});
});

describe('Client → Check SBA Readiness', () => {
	let emu: RunningEmulator<NextensState>;

	beforeAll(async () => {
		emu = await startEmulator(nextensService, { port: 0, seed: demoSeed() });
	});
	afterAll(async () => {
		await emu.close();
	});

	async function run(params: IDataObject) {
		const { ctx } = executeContext({
			vendor: NEXTENS,
			credentials: nextensCredentials(`${emu.url}/api/v1/`, { officeName: 'Test' }),
			params: { resource: 'client', operation: 'getSbaReadiness', ...params },
			items: [{}],
		});
		const [out] = await new Nextens().execute.call(ctx);
		return out.map((o) => o.json);
	}

	test('lists every client and tax whose SBA\'s of the year will not be retrieved, with the reason', async () => {
		const blocked = await run({ jaar: 2025, personTaxes: ['IB'], organisationTaxes: ['VPB'] });
		const byClient = Object.fromEntries(blocked.map((r) => [`${String(r.klantId)} ${String(r.middel)}`, r.code]));
		expect(byClient).toMatchObject({
			'kl_000003 IB': 'REQUESTED',
			'kl_000004 IB': 'MISSING',
			'kl_000005 IB': 'REFUSED',
			'kl_000008 IB': 'REVOKED',
			'kl_000006 IB': 'EXPIRED',
			'kl_000009 IB': 'RETRIEVAL_OFF',
			'kl_000007 VPB': 'MISSING',
		});
		expect(byClient['kl_000001 IB']).toBeUndefined();
		expect(byClient['kl_000010 VPB']).toBeUndefined();
		for (const row of blocked) {
			expect(row).toMatchObject({ ready: false, jaar: 2025 });
			expect(Object.keys(row)).toEqual(['klantId', 'klantNaam', 'soort', 'middel', 'jaar', 'ready', 'code', 'machtigingStatus', 'ophalenInNextens', 'message']);
			expect(typeof row.message).toBe('string');
		}
		// the demo data hold every reason for 2025
		expect(new Set(blocked.map((r) => r.code))).toEqual(new Set(['MISSING', 'REQUESTED', 'REFUSED', 'REVOKED', 'EXPIRED', 'RETRIEVAL_OFF']));
	});

	test('Include Ready Clients lists every client × tax, ready ones with a null reason', async () => {
		const all = await run({ jaar: 2025, personTaxes: ['IB'], organisationTaxes: ['VPB', 'BTW'], options: { includeReady: true } });
		const persons = emu.state.clients.filter((c) => c.soort === 'persoon').length;
		const organisations = emu.state.clients.filter((c) => c.soort === 'organisatie').length;
		expect(all).toHaveLength(persons + 2 * organisations);
		expect(all.find((r) => r.klantId === 'kl_000010' && r.middel === 'BTW')).toMatchObject({ ready: true, code: null, message: null });
	});

	test('a year before SBA\'s existed is refused, naming the field', async () => {
		await expect(run({ jaar: 1999 })).rejects.toMatchObject({ message: expect.stringContaining('1999') });
	});
});
