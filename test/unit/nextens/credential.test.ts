import { NextensApi } from '../../../credentials/NextensApi.credentials';
import { normaliseBaseUrl } from '../../../nodes/Nextens/transport/client';
import { credentialExpression } from '../kit/context';

describe('Nextens API credential', () => {
	const cred = new NextensApi();

	test('name, password token, office name and base URL', () => {
		expect(cred.name).toBe('nextensApi');
		expect(cred.displayName).toBe('Nextens API');
		const token = cred.properties.find((p) => p.name === 'token');
		expect(token?.typeOptions?.password).toBe(true);
		expect(token?.description).toContain('Instellingen > Koppelingen');
		expect(cred.properties.map((p) => p.name)).toEqual(['token', 'officeName', 'baseUrl']);
		expect(cred.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://partner.nextens.example/api/v1');
	});

	test('generic Bearer auth and a test call to GET /clients?limit=1 without a trailing slash', () => {
		expect(cred.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '={{"Bearer " + $credentials.token}}' } },
		});
		expect(cred.test.request).toMatchObject({ url: '/clients', qs: { limit: 1 } });
		expect(credentialExpression(cred.test.request.baseURL, { baseUrl: 'http://127.0.0.1:5103/api/v1//' })).toBe('http://127.0.0.1:5103/api/v1');
		expect(normaliseBaseUrl(' http://127.0.0.1:5103/api/v1/ ')).toBe('http://127.0.0.1:5103/api/v1');
	});
});
