import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { crmFields } from '../domain/crmFields';
import type { Soort } from '../domain/types';

/** The person or organisation field list of the Upsert resource mapper (no call to Nextens needed). */
export async function getClientFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const soort = (this.getNodeParameter('clientType', 'persoon') as Soort) === 'organisatie' ? 'organisatie' : 'persoon';
	const fields: ResourceMapperField[] = crmFields(soort).map((f) => ({
		id: f.id,
		displayName: f.displayName,
		required: f.required ?? false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
	}));
	return { fields };
}
