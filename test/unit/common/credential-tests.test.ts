/**
 * The three credential tests as n8n judges them (credentialTestVerdict follows n8n's CredentialsTester of 1.123.81,
 * 2.8.4 and 2.41.1), against the emulators: the demo login passes; a wrong token names the cause and where to get a
 * new token; a wrong address says so. The texts are the ones the browser test checks. e-Boekhouden and Nextens give
 * their texts on every version; Nmbrs (XML answers, judged by HTTP status) only on 2.41.1.
 */
import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { eboekhoudenService } from '../../../emulators/eboekhouden';
import { nextensService } from '../../../emulators/nextens';
import { nmbrsService } from '../../../emulators/nmbrs';
import {
	EBoekhoudenApi,
	EBOEKHOUDEN_TEST_WRONG_TOKEN,
	EBOEKHOUDEN_TEST_WRONG_URL,
} from '../../../credentials/EBoekhoudenApi.credentials';
import { NextensApi, NEXTENS_TEST_WRONG_TOKEN, NEXTENS_TEST_WRONG_URL } from '../../../credentials/NextensApi.credentials';
import { NmbrsApi, NMBRS_TEST_LOGIN_REFUSED, NMBRS_TEST_WRONG_URL } from '../../../credentials/NmbrsApi.credentials';
import { credentialExpression, credentialTestVerdict, TESTER_VERSIONS } from '../kit/context';
import { eboekhoudenCredentials, nextensCredentials, nmbrsCredentials } from '../kit/vendors';

let nmbrs: RunningEmulator<unknown>;
let eboekhouden: RunningEmulator<unknown>;
let nextens: RunningEmulator<unknown>;

beforeAll(async () => {
	nmbrs = (await startEmulator(nmbrsService, { port: 0 })) as unknown as RunningEmulator<unknown>;
	eboekhouden = (await startEmulator(eboekhoudenService, { port: 0 })) as unknown as RunningEmulator<unknown>;
	nextens = (await startEmulator(nextensService, { port: 0 })) as unknown as RunningEmulator<unknown>;
});

afterAll(async () => {
	await Promise.all([nmbrs.close(), eboekhouden.close(), nextens.close()]);
});

const OK = { status: 'OK', message: 'Connection successful!' };

describe('Nmbrs API credential test', () => {
	const type = new NmbrsApi();

	test('the demo login passes', async () => {
		expect(await credentialTestVerdict(type, nmbrsCredentials(nmbrs.url))).toEqual(OK);
	});

	test.each([
		['a wrong token', { token: 'wrong-token' }],
		['a wrong username', { username: 'someone@else.nl' }],
		['a wrong domain', { domain: 'nergens' }],
	])('%s: the login is refused, with where to get a new token', async (_, overrides) => {
		const verdict = await credentialTestVerdict(type, nmbrsCredentials(nmbrs.url, overrides));
		expect(verdict).toEqual({ status: 'Error', message: NMBRS_TEST_LOGIN_REFUSED });
		expect(verdict.message).toContain('profile, tab "API-token"');
	});

	test('a custom Base URL that is not the SOAP API says so', async () => {
		expect(await credentialTestVerdict(type, nmbrsCredentials(`${nmbrs.url}/nmbrs`))).toEqual({ status: 'Error', message: NMBRS_TEST_WRONG_URL });
		expect(await credentialTestVerdict(type, nmbrsCredentials(`${eboekhouden.url}`))).toEqual({ status: 'Error', message: NMBRS_TEST_WRONG_URL });
	});

	test('n8n 1.123 and 2.8 drop the answer of an HTTP error, so they show their own text for the 500 fault', async () => {
		for (const version of ['1.123.81', '2.8.4'] as const) {
			expect(await credentialTestVerdict(type, nmbrsCredentials(nmbrs.url, { token: 'wrong-token' }), version)).toEqual({
				status: 'Error',
				message: 'The service was not able to process your request',
			});
			expect(await credentialTestVerdict(type, nmbrsCredentials(nmbrs.url), version)).toEqual(OK);
		}
	});

	test('a custom Base URL that is not an http(s) address says so before anything is sent', async () => {
		const verdict = await credentialTestVerdict(type, nmbrsCredentials('127.0.0.1:5101'));
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain('Base URL is not an http(s) URL');
	});
});

describe('e-Boekhouden API credential test', () => {
	const type = new EBoekhoudenApi();

	test('displayName is the product name', () => {
		expect(type.displayName).toBe('E-Boekhouden API');
	});

	test.each(TESTER_VERSIONS)('n8n %s: the demo token passes; a wrong or empty token is refused with where to create a new one', async (version) => {
		expect(await credentialTestVerdict(type, eboekhoudenCredentials(eboekhouden.url), version)).toEqual(OK);
		const verdict = await credentialTestVerdict(type, eboekhoudenCredentials(eboekhouden.url, { apiToken: 'wrong-token' }), version);
		expect(verdict).toEqual({ status: 'Error', message: EBOEKHOUDEN_TEST_WRONG_TOKEN });
		expect(verdict.message).toContain('Beheer > Inrichting > Koppelingen > API');
		expect(await credentialTestVerdict(type, eboekhoudenCredentials(eboekhouden.url, { apiToken: '' }), version)).toEqual({
			status: 'Error',
			message: EBOEKHOUDEN_TEST_WRONG_TOKEN,
		});
	});

	test.each(TESTER_VERSIONS)('n8n %s: a Base URL with /v1 or of another service: no e-Boekhouden API there', async (version) => {
		expect(await credentialTestVerdict(type, eboekhoudenCredentials(`${eboekhouden.url}/v1`), version)).toEqual({ status: 'Error', message: EBOEKHOUDEN_TEST_WRONG_URL });
		expect(await credentialTestVerdict(type, eboekhoudenCredentials(`${nextens.url}/api/v1`), version)).toEqual({ status: 'Error', message: EBOEKHOUDEN_TEST_WRONG_URL });
	});

	test('an empty Base URL means the default address', () => {
		expect(credentialExpression(type.test!.request.baseURL, { baseUrl: '' })).toBe('https://api.e-boekhouden.nl');
		expect(credentialExpression(type.test!.request.baseURL, { baseUrl: ' http://127.0.0.1:5102/ ' })).toBe('http://127.0.0.1:5102');
	});

	test('an invalid source is named before anything is sent', async () => {
		const verdict = await credentialTestVerdict(type, eboekhoudenCredentials(eboekhouden.url, { source: 'n8n-nodes' }));
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain('Source "n8n-nodes" is not valid');
	});
});

describe('Nextens API credential test', () => {
	const type = new NextensApi();

	test.each(TESTER_VERSIONS)('n8n %s: the demo token passes; a wrong token is refused with where to copy a new one', async (version) => {
		expect(await credentialTestVerdict(type, nextensCredentials(`${nextens.url}/api/v1`), version)).toEqual(OK);
		const verdict = await credentialTestVerdict(type, nextensCredentials(`${nextens.url}/api/v1`, { token: 'wrong-token' }), version);
		expect(verdict).toEqual({ status: 'Error', message: NEXTENS_TEST_WRONG_TOKEN });
		expect(verdict.message).toContain('Instellingen > Koppelingen');
	});

	test.each(TESTER_VERSIONS)('n8n %s: a Base URL without the version path or of another service: no partner API there', async (version) => {
		expect(await credentialTestVerdict(type, nextensCredentials(nextens.url), version)).toEqual({ status: 'Error', message: NEXTENS_TEST_WRONG_URL });
		expect(await credentialTestVerdict(type, nextensCredentials(`${eboekhouden.url}/api/v1`), version)).toEqual({ status: 'Error', message: NEXTENS_TEST_WRONG_URL });
	});

	test('an address that answers 200 without a client list is not the partner API', async () => {
		// The Nmbrs emulator answers GET with its service page (or an error); either way no `items`.
		const verdict = await credentialTestVerdict(type, nextensCredentials(`${nmbrs.url}/soap/v3`));
		expect(verdict).toEqual({ status: 'Error', message: NEXTENS_TEST_WRONG_URL });
	});
});

describe('no server at the address', () => {
	test('n8n shows the network code; the rules cannot change it', async () => {
		const verdict = await credentialTestVerdict(new NextensApi(), nextensCredentials('http://127.0.0.1:9/api/v1'));
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/E[A-Z]+$/); // ECONNREFUSED in n8n 2.41
	});
});
