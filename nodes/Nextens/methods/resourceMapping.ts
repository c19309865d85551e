import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { crmFields } from '../domain/crmFields';
import type { Soort } from '../domain/types';

/** The client type the editor shows; an expression (e.g. `{{ $json.clientType }}`) cannot be known here. */
function clientTypeInEditor(ctx: ILoadOptionsFunctions): Soort {
	let value: unknown;
	try {
		value = ctx.getNodeParameter('clientType', 'persoon');
	} catch {
		value = 'persoon';
	}
	return value === 'organisatie' ? 'organisatie' : 'persoon';
}

/**
 * The person or organisation field list of the Upsert resource mapper (no call to Nextens needed).
 * With the client type set by an expression, the person list is shown; mapping "automatically"
 * takes the fields of either list from the input by name.
 */
export async function getClientFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const fields: ResourceMapperField[] = crmFields(clientTypeInEditor(this)).map((f) => ({
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
