import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { EBOEKHOUDEN_FILTER_PARAM } from '../../common/assumptions';
import { inputError } from '../../common/failures';
import { listWithFields, withFields } from '../../common/shape';
import type { EBoekhoudenClient } from '../transport/client';

/** A string filter: `%` / `?` wildcards make it a `like` filter, otherwise equality. */
export function addStringFilter(qs: IDataObject, param: string, value: unknown): void {
	if (typeof value !== 'string' || value.trim() === '') return;
	const v = value.trim();
	if (/[%?]/.test(v)) qs[EBOEKHOUDEN_FILTER_PARAM(param, 'like')] = v;
	else qs[param] = v;
}

/** The ledger resource locator: from the list, by id or by code (`show`: conditions besides resource and operation). */
export function ledgerLocator(name: string, displayName: string, show?: NonNullable<IDisplayOptions['show']>, required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		...(show ? { displayOptions: { show } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchLedgers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2001',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A ledger ID is a number' } }],
			},
			{
				displayName: 'By Code',
				name: 'code',
				type: 'string',
				placeholder: 'e.g. 4000',
			},
		],
	};
}

/** Resolve a ledger resource locator value to a ledger id (a code costs one filtered GET). */
export async function ledgerIdFromLocator(
	ctx: IExecuteFunctions,
	client: EBoekhoudenClient,
	name: string,
	itemIndex: number,
): Promise<number> {
	const locator = ctx.getNodeParameter(name, itemIndex) as { mode: string; value: string | number } | string | number;
	const mode = typeof locator === 'object' ? locator.mode : 'id';
	const raw = String(typeof locator === 'object' ? locator.value : locator).trim();
	if (raw === '') {
		throw inputError(
			ctx.getNode(),
			{ code: 'NO_LEDGER', field: name, message: 'No ledger selected', description: 'Choose a ledger, or enter its ID or code.' },
			{ itemIndex },
		);
	}
	if (mode !== 'code') {
		if (!/^\d+$/.test(raw)) {
			throw inputError(
				ctx.getNode(),
				{
					code: 'INVALID_LEDGER_ID',
					field: name,
					message: `Ledger ID "${raw}" is not a number`,
					description: 'Enter the numeric ledger ID, or switch the field to "By Code".',
				},
				{ itemIndex },
			);
		}
		return Number(raw);
	}
	const ledger = await findLedgerByCode(client, raw, itemIndex);
	if (!ledger) {
		throw inputError(
			ctx.getNode(),
			{
				code: 'LEDGER_NOT_FOUND',
				field: name,
				message: `Ledger ${raw} does not exist in e-Boekhouden`,
				description: 'Check the ledger code (Beheer > Inrichting > Grootboekrekeningen in e-Boekhouden).',
			},
			{ itemIndex },
		);
	}
	return Number(ledger.id);
}

export async function findLedgerByCode(client: EBoekhoudenClient, code: string, itemIndex?: number): Promise<IDataObject | undefined> {
	const items = await client.list('/v1/ledger', { code }, undefined, itemIndex);
	return items.find((l) => String(l.code) === code);
}

/** The fields of every ledger output item (docs/vendors/eboekhouden-rest.md §4.2); null when e-Boekhouden left one out. */
export const LEDGER_FIELDS = ['id', 'code', 'description', 'category', 'group'] as const;
/** The fields of every cost centre output item (§4.3). */
export const COST_CENTRE_FIELDS = ['id', 'description', 'parentId', 'active'] as const;
/** The fields of every Mutation → Get Many item (§4.4.4: list items carry no rows and no description). */
export const MUTATION_LIST_FIELDS = ['id', 'type', 'date', 'invoiceNumber', 'ledgerId', 'amount', 'entryNumber'] as const;
/** The fields of a Mutation → Get item (§4.4.5); `rows` and `vat` are lists ([] when absent). */
export const MUTATION_FIELDS = [
	'id',
	'type',
	'date',
	'description',
	'termOfPayment',
	'ledgerId',
	'relationId',
	'inExVat',
	'invoiceNumber',
	'entryNumber',
	'rows',
	'vat',
] as const;
export const MUTATION_ROW_FIELDS = ['ledgerId', 'vatCode', 'vatAmount', 'costCenterId', 'amount', 'description', 'invoiceNumber', 'relationId'] as const;
export const MUTATION_VAT_FIELDS = ['vatCode', 'amount'] as const;

/** Items of one list operation, each with the operation's fixed fields. */
export function shapedList(items: IDataObject[], fields: readonly string[]): IDataObject[] {
	return items.map((item) => withFields<IDataObject>(item, fields));
}

/** A mutation as Mutation → Get outputs it: every field present, rows and VAT totals each with their fields. */
export function shapedMutation(mutation: unknown): IDataObject {
	const out = withFields<IDataObject>(mutation, MUTATION_FIELDS);
	out.rows = listWithFields(out.rows, MUTATION_ROW_FIELDS) as IDataObject[];
	out.vat = listWithFields(out.vat, MUTATION_VAT_FIELDS) as IDataObject[];
	return out;
}
