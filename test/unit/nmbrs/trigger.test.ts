import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../../emulators/common';
import type { RunningEmulator } from '../../../emulators/common';
import { nmbrsService } from '../../../emulators/nmbrs';
import type { NmbrsState } from '../../../emulators/nmbrs';
import { NmbrsTrigger } from '../../../nodes/Nmbrs/NmbrsTrigger.node';
import { pollContext, rl, send } from '../kit/context';
import { NMBRS, nmbrsCredentials } from '../kit/vendors';

let emu: RunningEmulator<NmbrsState>;
const trigger = new NmbrsTrigger();

beforeAll(async () => {
	emu = await startEmulator(nmbrsService, { port: 0 });
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

const params = {
	companyScope: 'one',
	company: rl(12345),
	startYear: 2026,
	startPeriod: 8,
	options: {},
};

function poller(staticData: IDataObject, extra: { mode?: 'manual' | 'trigger'; credentials?: IDataObject; params?: object } = {}) {
	const { ctx, logs } = pollContext({
		vendor: NMBRS,
		credentials: nmbrsCredentials(emu.url, extra.credentials),
		params: { ...params, ...(extra.params ?? {}) },
		mode: extra.mode ?? 'trigger',
		staticData,
	});
	return { poll: async () => await trigger.poll.call(ctx), logs };
}

describe('Nmbrs Trigger', () => {
	it('returns one sample in manual mode and keeps no state', async () => {
		const staticData: IDataObject = {};
		const result = await poller(staticData, { mode: 'manual' }).poll();
		expect(result?.[0]).toHaveLength(1);
		expect(result?.[0][0].json).toMatchObject({ runId: 1009, change: 'sample', previousContentHash: null, status: 'ok', code: null, message: null });
		expect(staticData).toEqual({});
	});

	it('emits every journal on the first poll, nothing on the next, then only changed and new runs', async () => {
		const staticData: IDataObject = {};
		const first = await poller(staticData).poll();
		expect(first?.[0].map((i) => [i.json.runId, i.json.change])).toEqual([
			[1007, 'new'],
			[1008, 'new'],
			[1009, 'new'],
		]);
		for (const item of first![0]) expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(staticData.journalHashes as object).sort()).toEqual(['12345:1007', '12345:1008', '12345:1009']);

		expect(await poller(staticData).poll()).toBeNull();

		// Change the journal of run 1008 in Nmbrs and lock the open run 1010.
		const before = (first![0][1].json.contentHash as string);
		const changed = await send({
			method: 'PUT',
			url: `${emu.url}/__admin/service/companies/12345/runs/1008/journal`,
			body: {
				date: '2026-08-31',
				lines: [
					{ glCode: '4000', side: 'debit', amount: '100.00', description: 'Bruto loon' },
					{ glCode: '2100', side: 'credit', amount: '100.00', description: 'Netto loon' },
				],
			},
		});
		expect(changed.statusCode).toBeLessThan(300);
		const locked = await send({ method: 'POST', url: `${emu.url}/__admin/service/companies/12345/runs/1010/lock` });
		expect(locked.statusCode).toBeLessThan(300);

		const third = await poller(staticData).poll();
		expect(third?.[0].map((i) => [i.json.runId, i.json.change])).toEqual([
			[1008, 'changed'],
			[1010, 'new'],
		]);
		expect(third![0][0].json.previousContentHash).toBe(before);
		expect(third![0][0].json.totals).toMatchObject({ debitCents: 10000, creditCents: 10000 });

		expect(await poller(staticData).poll()).toBeNull();
	});

	it('throws on the first poll, but logs and waits once it has state', async () => {
		await expect(poller({}, { credentials: { token: 'bad' } }).poll()).rejects.toThrow(/1001/);
		const staticData: IDataObject = {};
		await poller(staticData).poll();
		const failing = poller(staticData, { credentials: { token: 'bad' } });
		expect(await failing.poll()).toBeNull();
		expect(failing.logs.some((l) => l.level === 'error' && /1001/.test(l.message))).toBe(true);
		await expect(poller(staticData, { credentials: { token: 'bad' }, mode: 'manual' }).poll()).rejects.toThrow(/1001/);
	});

	it('validates its parameters', async () => {
		await expect(poller({}, { params: { startPeriod: 14 } }).poll()).rejects.toThrow(/Start Period/);
		await expect(poller({}, { params: { startYear: 2199 } }).poll()).rejects.toThrow(/Start Year/);
	});

	it('watches all companies when asked', async () => {
		const result = await poller({}, { params: { companyScope: 'all', startYear: 2026, startPeriod: 10 } }).poll();
		expect(result?.[0].map((i) => i.json.companyId)).toEqual([12345, 12346, 12346, 12347, 12348, 12348]);
	});
});
