/**
 * Per vendor: the node getNode() returns, the credential type requests are authenticated with, and the
 * demo credential (the emulators' demo secrets, test/support/credentials.ts) for an emulator's base URL.
 */
import type { IDataObject } from 'n8n-workflow';

import { EBoekhoudenApi } from '../../../credentials/EBoekhoudenApi.credentials';
import { NextensApi } from '../../../credentials/NextensApi.credentials';
import { NmbrsApi } from '../../../credentials/NmbrsApi.credentials';
import { DEMO_SECRETS } from '../../support/credentials';
import { fakeNode, type Vendor } from './context';

export const NMBRS: Vendor = {
	node: fakeNode({ id: 'nmbrs-test', name: 'Nmbrs', type: 'n8n-nodes-nl-accountancy.nmbrs' }),
	credentialType: new NmbrsApi(),
};

export const EBOEKHOUDEN: Vendor = {
	node: fakeNode({ name: 'e-Boekhouden', type: 'n8n-nodes-nl-accountancy.eBoekhouden' }),
	credentialType: new EBoekhoudenApi(),
};

export const NEXTENS: Vendor = {
	node: fakeNode({ name: 'Nextens', type: 'n8n-nodes-nl-accountancy.nextens' }),
	credentialType: new NextensApi(),
};

/** The demo Nmbrs login against an emulator (environment "custom"). */
export function nmbrsCredentials(baseUrl: string, overrides: IDataObject = {}): IDataObject {
	return { ...DEMO_SECRETS.nmbrs, environment: 'custom', baseUrl, ...overrides };
}

/** The demo e-Boekhouden API token and source against an emulator. */
export function eboekhoudenCredentials(baseUrl: string, overrides: IDataObject = {}): IDataObject {
	return { ...DEMO_SECRETS.eboekhouden, baseUrl, ...overrides };
}

/** The demo Nextens token against an emulator (`baseUrl` ends in /api/v1). */
export function nextensCredentials(baseUrl: string, overrides: IDataObject = {}): IDataObject {
	return { ...DEMO_SECRETS.nextens, baseUrl, ...overrides };
}
