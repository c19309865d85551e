/**
 * The fault knobs and the request log on the three vendor emulators: an injected 429 is the vendor's own 429,
 * a restart keeps what was acknowledged, and the log tells records apart without holding a secret or a full BSN.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator, type DeepPartial, type EmulatorService, type Knobs, type RunningEmulator } from '../../emulators/common';
import { eboekhoudenService } from '../../emulators/eboekhouden';
import { nextensService } from '../../emulators/nextens';
import { nmbrsService } from '../../emulators/nmbrs';
import { workedExampleMutation } from '../unit/kit/journals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const running: Array<RunningEmulator<unknown>> = [];
async function start(service: EmulatorService<unknown>, opts: Parameters<typeof startEmulator>[1] = {}): Promise<RunningEmulator<unknown>> {
	const em = await startEmulator(service, opts);
	running.push(em);
	return em;
}
afterEach(async () => {
	await Promise.all(running.splice(0).map((e) => e.close()));
});

const NMBRS_TOKEN = 'demo-nmbrs-token';
const EB_TOKEN = 'demo-eboekhouden-token';
const NEXTENS_TOKEN = 'demo-nextens-token';
const CS = 'https://api.nmbrs.nl/soap/v3/CompanyService';

function runGetList(companyId: number, year: number): RequestInit {
	const body =
		'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
		`<soap:Header><AuthHeaderWithDomain xmlns="${CS}"><Username>payroll@voorbeeld.nl</Username><Token>${NMBRS_TOKEN}</Token>` +
		'<Domain>voorbeeld</Domain></AuthHeaderWithDomain></soap:Header>' +
		`<soap:Body><Run_GetList xmlns="${CS}"><CompanyId>${companyId}</CompanyId><Year>${year}</Year></Run_GetList></soap:Body></soap:Envelope>`;
	return { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"${CS}/Run_GetList"` }, body };
}

interface Probe {
	service: EmulatorService<unknown>;
	path: string;
	init?: RequestInit;
}
const PROBES: Record<string, Probe> = {
	nmbrs: { service: nmbrsService as EmulatorService<unknown>, path: '/soap/v3/CompanyService.asmx', init: runGetList(12345, 2025) },
	eboekhouden: { service: eboekhoudenService as EmulatorService<unknown>, path: '/v1/ledger' },
	nextens: { service: nextensService as EmulatorService<unknown>, path: '/api/v1/clients', init: { headers: { authorization: `Bearer ${NEXTENS_TOKEN}` } } },
};

/** What a client can compare between two 429s (per-request ids left out). */
async function limitedAnswer(probe: Probe, knobs: DeepPartial<Knobs>, attempts: number): Promise<unknown> {
	const em = await start(probe.service, { knobs });
	let res: Response | undefined;
	for (let i = 0; i < attempts; i++) {
		if (res) await res.arrayBuffer();
		res = await fetch(em.url + probe.path, probe.init);
	}
	const text = await res!.text();
	const body = res!.headers.get('content-type')?.includes('json') ? { ...(JSON.parse(text) as Json), traceId: undefined } : text;
	return { status: res!.status, contentType: res!.headers.get('content-type'), retryAfter: res!.headers.get('retry-after'), body, outcome: em.requests().entries.at(-1)?.outcome };
}

describe.each(Object.keys(PROBES))('%s: an injected 429', (name) => {
	it('is the answer of the token bucket, with the given Retry-After', async () => {
		const probe = PROBES[name];
		const bucket = await limitedAnswer(probe, { rateLimit: { enabled: true, requestsPerSecond: 0.5, burst: 1 } }, 2);
		const injected = await limitedAnswer(probe, { faults: { rateLimitedRate: 1, retryAfterSeconds: 2 } }, 1);
		expect(bucket).toMatchObject({ status: 429, retryAfter: '2', outcome: 'rate-limited' });
		expect(injected).toEqual(bucket);
	});
});

async function ebCall(em: RunningEmulator<unknown>, method: string, p: string, auth?: string, body?: unknown): Promise<{ status: number; body: Json }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (auth) headers.authorization = auth;
	const res = await fetch(em.url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

describe('e-Boekhouden: restart and request log', () => {
	it('keeps acknowledged mutations and session tokens across a restart (both live in the state file)', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eb-restart-')), 'eboekhouden.json');
		const em = await start(eboekhoudenService as EmulatorService<unknown>, { stateFile: file, knobs: { faults: { restartAfter: 2 } } });
		const session = await ebCall(em, 'POST', '/v1/session', undefined, { accessToken: EB_TOKEN, source: 'n8nNodes' });
		const posted = await ebCall(em, 'POST', '/v1/mutation', session.body.token, workedExampleMutation());
		expect(posted.status).toBe(200);
		await new Promise((r) => setTimeout(r, 50));
		expect(em.requests().restarts).toBe(1);
		expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).state.sessions)).toEqual([session.body.token]);
		const read = await ebCall(em, 'GET', `/v1/mutation/${posted.body.id}`, session.body.token);
		expect(read.status).toBe(200);
	});

	it('logs the session source and the mutation invoice number, never the access token or session token', async () => {
		const em = await start(eboekhoudenService as EmulatorService<unknown>);
		const session = await ebCall(em, 'POST', '/v1/session', undefined, { accessToken: EB_TOKEN, source: 'n8nNodes' });
		await ebCall(em, 'POST', '/v1/mutation', `Bearer ${session.body.token}`, workedExampleMutation({ invoiceNumber: 'NMBRS-12345-2025-987' }));
		await ebCall(em, 'GET', `/v1/ledger?code=4000&accessToken=${EB_TOKEN}`, session.body.token);
		const [s, m, l] = em.requests().entries;
		expect(s.subject).toBe('source=n8nNodes');
		expect(m.subject).toMatch(/^type=7 invoiceNumber=NMBRS-12345-2025-987 description=/);
		expect(l.query).toBe('code=4000&accessToken=[redacted]');
		const logged = JSON.stringify(em.requests());
		expect(logged).not.toContain(EB_TOKEN);
		expect(logged).not.toContain(session.body.token);
	});
});

describe('Nmbrs and Nextens: request log', () => {
	it('Nmbrs logs the call parameters, never the SOAP token', async () => {
		const em = await start(nmbrsService as EmulatorService<unknown>);
		expect((await fetch(`${em.url}/soap/v3/CompanyService.asmx`, runGetList(12346, 2026))).status).toBe(200);
		expect(em.requests().entries[0]).toMatchObject({ operation: 'CompanyService.Run_GetList', subject: 'CompanyId=12346 Year=2026' });
		expect(JSON.stringify(em.requests())).not.toContain(NMBRS_TOKEN);
	});

	it('Nextens logs a masked BSN for a client body and a BSN lookup, never the full BSN or the token', async () => {
		const em = await start(nextensService as EmulatorService<unknown>);
		const auth = { authorization: `Bearer ${NEXTENS_TOKEN}`, 'content-type': 'application/json' };
		const client = { soort: 'persoon', achternaam: 'Test', voorletters: 'T.', bsn: '123456782', klantnummer: 'C-9' };
		const created = await fetch(`${em.url}/api/v1/clients`, { method: 'POST', headers: auth, body: JSON.stringify(client) });
		expect(created.status).toBe(201);
		await fetch(`${em.url}/api/v1/clients?bsn=123456782`, { headers: auth }).then((r) => r.arrayBuffer());
		const [post, lookup] = em.requests().entries;
		expect(post.subject).toBe('soort=persoon bsn=*****6782 klantnummer=C-9');
		expect(lookup.query).toBe('bsn=*****6782');
		const logged = JSON.stringify(em.requests());
		expect(logged).not.toContain('123456782');
		expect(logged).not.toContain(NEXTENS_TOKEN);
	});
});
