/** The SOAP transport with canned HTTP answers: what is retried, what is not, and the error texts. */
import type { NodeApiError } from 'n8n-workflow';

import { nmbrsCall, nmbrsRequest } from '../../../nodes/Nmbrs/transport';
import type { NmbrsContext } from '../../../nodes/Nmbrs/transport';
import { failureOf, isStopRunError } from '../../../nodes/common/failures';
import { text } from '../../../nodes/common/xml';
import { canned, executeContext, type CannedAnswer } from '../kit/context';
import { NMBRS } from '../kit/vendors';

function fakeContext(answers: CannedAnswer[]) {
	const { ctx, calls } = executeContext({ vendor: NMBRS, transport: canned(answers) });
	return { ctx: ctx as NmbrsContext, calls };
}

const ok = (op: string, inner: string) => ({
	statusCode: 200,
	body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${op}Response xmlns="https://api.nmbrs.nl/soap/v3/CompanyService"><${op}Result>${inner}</${op}Result></${op}Response></soap:Body></soap:Envelope>`,
});
const fault = (text: string) => ({
	statusCode: 500,
	body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>${text}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
});
const fast = { policy: { backoffBaseMs: 1 } };

describe('nmbrs transport', () => {
	it('posts the envelope with the SOAP headers, as text, not retried by the shared layer', async () => {
		const { ctx, calls } = fakeContext([ok('Run_GetList', '<RunInfo><ID>1</ID></RunInfo>')]);
		const result = await nmbrsCall(ctx, 'CompanyService', 'Run_GetList', [['CompanyId', 5], ['Year', 2025]], fast);
		expect(text(result)).toBe('1');
		expect(calls[0]).toMatchObject({
			method: 'POST',
			url: '/soap/v3/CompanyService.asmx',
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"https://api.nmbrs.nl/soap/v3/CompanyService/Run_GetList"' },
		});
		expect(calls[0].body).toContain('<CompanyId>5</CompanyId><Year>2025</Year>');
		expect(calls[0].body).toContain('<soap:Header />');
	});

	it('reads a Buffer body', async () => {
		const answer = ok('List_GetAll', '<Company><ID>7</ID></Company>');
		const { ctx } = fakeContext([{ ...answer, body: Buffer.from(answer.body as string) }]);
		expect(text(await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast))).toBe('7');
	});

	it('an answer with a DOCTYPE or entity declarations is refused as unsafe, once, and says so', async () => {
		const unsafe = { statusCode: 200, body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&a;</soap:Body></soap:Envelope>' };
		const { ctx, calls } = fakeContext([unsafe, unsafe]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(failureOf(error)).toMatchObject({
			code: 'UNSAFE_XML',
			message: 'Nmbrs answer to CompanyService.List_GetAll refused as unsafe XML',
			description: expect.stringContaining('document type declaration (DOCTYPE)'),
		});
		expect(error.description).not.toMatch(/^Check the environment/);
		expect(calls).toHaveLength(1);
	});

	it('an HTML page (<!DOCTYPE html>) is not called unsafe: it is not the SOAP API', async () => {
		const html = { statusCode: 404, body: '<!DOCTYPE html><html><body>Not found</body></html>' };
		const { ctx } = fakeContext([html]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(failureOf(error)).toMatchObject({ code: 'HTTP_404', message: expect.stringContaining('HTML page') });
		expect(error.description).toContain('does not serve the Nmbrs SOAP API');
	});

	it('returns faults unthrown from nmbrsRequest and throws them from nmbrsCall', async () => {
		const { ctx, calls } = fakeContext([fault('Server was unable to process request. ---&gt; 2046: Not found'), fault('---&gt; 2046: Not found')]);
		const outcome = await nmbrsRequest(ctx, 'CompanyService', 'Journals_GetByRunCompany', [], { ...fast, context: { runId: 9 } });
		expect(outcome.kind).toBe('fault');
		const error = (await nmbrsCall(ctx, 'CompanyService', 'Journals_GetByRunCompany', [], fast).catch((e) => e)) as NodeApiError;
		expect(failureOf(error)).toMatchObject({ code: '2046', message: expect.stringMatching(/^Nmbrs error 2046: Not found/) });
		expect(isStopRunError(error)).toBe(false);
		expect(calls).toHaveLength(2);
	});

	it.each([
		['1001: Invalid Authentication', '1001'],
		['1006: Security failure', '1006'],
		['2042: Multiple environments', '2042'],
		['2043: Invalid domain', '2043'],
		['Invalid combination email/password', 'LOGIN_REJECTED'],
	])('marks the credential fault "%s" as one that stops the run (code %s)', async (faultText, code) => {
		const { ctx } = fakeContext([fault(`Server was unable to process request. ---&gt; ${faultText}`)]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(failureOf(error).code).toBe(code);
		expect(isStopRunError(error)).toBe(true);
	});

	it('retries an HTML 502 page and a network error, then succeeds', async () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { ctx, calls } = fakeContext([
			{ statusCode: 502, body: '<html><body>Bad Gateway</body></html>' },
			reset,
			ok('List_GetAll', ''),
		]);
		await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast);
		expect(calls).toHaveLength(3);
	});

	it('gives up on network errors after 3 retries with a readable message', async () => {
		const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
		const { ctx, calls } = fakeContext([refused(), refused(), refused(), refused()]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(error.message).toBe('Could not reach Nmbrs for CompanyService.List_GetAll (ECONNREFUSED)');
		expect(failureOf(error).code).toBe('NETWORK');
		expect(error.description).toMatch(/failed 4 times/);
		expect(calls).toHaveLength(4);
	});

	it('does not retry a 404 and says the address is wrong', async () => {
		const { ctx, calls } = fakeContext([{ statusCode: 404, body: 'Not Found' }]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(error.message).toMatch(/^Nmbrs answered HTTP 404 for CompanyService.List_GetAll: The response is not valid XML/);
		expect(error.description).toMatch(/base URL/);
		expect(failureOf(error).code).toBe('HTTP_404');
		expect(calls).toHaveLength(1);
	});

	it('treats a 200 without the expected response element as an error', async () => {
		const { ctx } = fakeContext([ok('Other', '')]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(error.message).toMatch(/no List_GetAllResponse element/);
	});

	it('never shows a token echoed in a fault', async () => {
		const { ctx } = fakeContext([fault('---&gt; 1001: bad &lt;Token&gt;secret-token-value&lt;/Token&gt;')]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain('secret-token-value');
	});

	it('retries fault 9999 once and then returns it as a fault', async () => {
		const unknown = fault('---&gt; 9999: Unkown');
		const { ctx, calls } = fakeContext([unknown, unknown, ok('List_GetAll', '')]);
		const outcome = await nmbrsRequest(ctx, 'CompanyService', 'List_GetAll', [], fast);
		expect(outcome.kind).toBe('fault');
		expect(calls).toHaveLength(2);

		const second = fakeContext([unknown, ok('List_GetAll', '<Company><ID>3</ID></Company>')]);
		expect(text(await nmbrsCall(second.ctx, 'CompanyService', 'List_GetAll', [], fast))).toBe('3');
		expect(second.calls).toHaveLength(2);
	});

	it('gives up on 5xx pages after 3 retries and counts the tries in the description', async () => {
		const badGateway = { statusCode: 502, body: '<html><body>Bad Gateway</body></html>' };
		const { ctx, calls } = fakeContext([badGateway, badGateway, badGateway, badGateway, ok('List_GetAll', '')]);
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], fast).catch((e) => e)) as NodeApiError;
		expect(error.message).toMatch(/^Nmbrs answered HTTP 502 for CompanyService.List_GetAll/);
		expect(error.description).toMatch(/failed 4 times/);
		expect(calls).toHaveLength(4);
	});

	it('waits out 429 answers within the total bound, then says how long it waited and what to change', async () => {
		const tooMany = { statusCode: 429, headers: { 'retry-after': '0' }, body: '' };
		const { ctx, calls } = fakeContext(Array.from({ length: 7 }, () => tooMany));
		const policy = { ...fast.policy, maxRateLimitWaitSeconds: 5 };
		const error = (await nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], { policy }).catch((e) => e)) as NodeApiError;
		// a Retry-After of 0 counts as one second: five waits fit in 5 s
		expect(error.message).toMatch(/^Nmbrs kept answering "too many requests" \(429\) for CompanyService.List_GetAll: waited 5 s in total/);
		expect(error.description).toMatch(/^Raise "Max Wait When Rate Limited \(Seconds\)" on this node, or let fewer executions use the same Nmbrs account/);
		expect(calls).toHaveLength(6);
	});
});
