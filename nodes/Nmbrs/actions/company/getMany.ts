import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { NmbrsCompany } from '../../domain/models';
import { listCompanies } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { transportContext } from '../parameters';

export const option: ItemOperation<NmbrsSession>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'List the companies the API user can see',
	action: 'Get many companies',
};

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return only the ID, number, name, wage-tax period and KvK number instead of all fields',
	},
];

/** A text Nmbrs left out (read as '') as null, so tables show an empty cell. */
const orNull = (value: string): string | null => (value === '' ? null : value);

/** One shape per setting: the simplified or the full field list, every field present, null when Nmbrs sent none. */
export function companyToJson(company: NmbrsCompany, simplify: boolean): IDataObject {
	const simplified: IDataObject = {
		id: company.id,
		number: company.number,
		name: orNull(company.name),
		loonaangifteTijdvak: orNull(company.loonaangifteTijdvak),
		kvkNr: orNull(company.kvkNr),
	};
	if (simplify) return simplified;
	return {
		...simplified,
		phoneNumber: orNull(company.phoneNumber),
		faxNumber: orNull(company.faxNumber),
		email: orNull(company.email),
		website: orNull(company.website),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const limit = limitOf(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const companies = await listCompanies(transportContext(this), session, itemIndex);
	return companies.slice(0, limit).map((company) => companyToJson(company, simplify));
}
