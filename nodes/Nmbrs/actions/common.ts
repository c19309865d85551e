import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { NmbrsContext } from '../transport';
import type { NmbrsSession } from '../transport/api';

/** What every operation's execute gets: the n8n context, the item index and the per-execution session. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	session: NmbrsSession,
) => Promise<IDataObject | IDataObject[]>;

/** The execute context as the Nmbrs transport sees it. */
export function transportContext(ctx: IExecuteFunctions): NmbrsContext {
	return ctx as unknown as NmbrsContext;
}

/** Adds `displayOptions.show` for one resource + operation to every property (keeps their own conditions). */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...(property.displayOptions?.show ?? {}),
			resource: [resource],
			operation: [operation],
		};
		return { ...property, displayOptions: { ...(property.displayOptions ?? {}), show } };
	});
}

export const companyLocator: INodeProperties = {
	displayName: 'Company',
	name: 'company',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Nmbrs company (werkgever)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a company...',
			typeOptions: { searchListMethod: 'searchCompanies', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric Nmbrs company ID' } },
			],
		},
	],
};

export const runLocator: INodeProperties = {
	displayName: 'Run',
	name: 'run',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The payroll run; the list shows the runs of the selected company in the selected year',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a run...',
			typeOptions: { searchListMethod: 'searchRuns', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 987',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric Nmbrs run ID' } }],
		},
	],
};

export const yearField: INodeProperties = {
	displayName: 'Year',
	name: 'year',
	type: 'number',
	default: 0,
	required: true,
	typeOptions: { minValue: 0, maxValue: 2100, numberPrecision: 0 },
	description: 'Payroll year; 0 means the current year (in the workflow time zone)',
};

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 50,
	typeOptions: { minValue: 1 },
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** A whole number parameter, validated, with a readable error naming the field. */
export function intParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	range: { min: number; max: number },
	fallback?: number,
): number {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number from ${range.min} to ${range.max}`, {
			itemIndex,
			description: `The value given was "${String(raw)}". Fix the "${label}" field of the node.`,
		});
	}
	return value;
}

/** A numeric ID from a resource locator (list or by-ID mode). */
export function locatorId(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): number {
	const raw = ctx.getNodeParameter(name, itemIndex, undefined, { extractValue: true }) as unknown;
	const value = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
	if (!Number.isSafeInteger(value) || value <= 0) {
		throw new NodeOperationError(ctx.getNode(), `Select a ${label.toLowerCase()} or enter its numeric ID`, {
			itemIndex,
			description: `The ${label} field is empty or not a number ("${String(raw ?? '')}").`,
		});
	}
	return value;
}

/** The current year in the workflow's time zone. */
export function currentYear(ctx: { getTimezone(): string }): number {
	return DateTime.now().setZone(ctx.getTimezone()).year;
}

/** A year parameter where 0 (or empty) means the current year. */
export function yearParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): number {
	const raw = ctx.getNodeParameter(name, itemIndex, 0) as unknown;
	if (raw === 0 || raw === '' || raw === null || raw === undefined || raw === '0') return currentYear(ctx);
	return intParameter(ctx, name, itemIndex, label, { min: 2000, max: 2100 });
}
