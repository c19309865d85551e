import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NmbrsCompany } from '../../domain/models';
import { listCompanies } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { forOperation, limitField, returnAllField, transportContext } from '../common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return only the ID, number, name, wage-tax period and KvK number instead of all fields',
	},
];

export const description = forOperation('company', 'getMany', properties);

export function companyToJson(company: NmbrsCompany, simplify: boolean): IDataObject {
	if (simplify) {
		return {
			id: company.id,
			number: company.number,
			name: company.name,
			loonaangifteTijdvak: company.loonaangifteTijdvak,
			kvkNr: company.kvkNr,
		};
	}
	return { ...company };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const companies = await listCompanies(transportContext(this), session, itemIndex);
	const selected = returnAll ? companies : companies.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	return selected.map((company) => companyToJson(company, simplify));
}
