/**
 * The parameter readers of the Nmbrs operations and the Nmbrs Trigger: one way to read a whole number, a
 * year, a resource locator's ID and the company selection, with a readable error naming the field.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, INode, IPollFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { NMBRS_ONLY_LOCKED_RUNS_DEFAULT } from '../../common/assumptions';
import { inputError } from '../../common/failures';
import { itemLocatorValue, itemParameter } from '../../common/itemParameters';
import type { NmbrsContext } from '../transport';

/** The parameters of one item, whether an operation (per input item) or the trigger (no items) reads them. */
export interface ParameterSource {
	node: INode;
	/** The input item; undefined for the trigger. */
	itemIndex?: number;
	timezone: string;
	get(name: string, fallback?: unknown, options?: { extractValue?: boolean }): unknown;
}

/** The parameters of input item `itemIndex` of an operation. */
export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): ParameterSource {
	return {
		node: ctx.getNode(),
		itemIndex,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) =>
			options?.extractValue ? itemLocatorValue(ctx, name, itemIndex, fallback) : itemParameter(ctx, name, itemIndex, fallback),
	};
}

/** The parameters of the trigger. */
export function pollParameters(ctx: IPollFunctions): ParameterSource {
	return {
		node: ctx.getNode(),
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => ctx.getNodeParameter(name, fallback, options) as unknown,
	};
}

/** Any node context as the Nmbrs transport sees it. */
export function transportContext(ctx: IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions): NmbrsContext {
	return ctx;
}

/** A parameter error: nothing was sent to Nmbrs. */
export function parameterError(params: ParameterSource, field: string | null, message: string, description: string) {
	return inputError(params.node, { code: 'INVALID_PARAMETER', field, message, description }, { itemIndex: params.itemIndex });
}

/** A whole number parameter, validated, with a readable error naming the field. */
export function intParameter(
	params: ParameterSource,
	name: string,
	label: string,
	range: { min: number; max: number },
	fallback?: number,
): number {
	const raw = params.get(name, fallback);
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
		throw parameterError(
			params,
			name,
			`${label} must be a whole number from ${range.min} to ${range.max}`,
			`The value given was "${String(raw)}". Fix the "${label}" field of the node.`,
		);
	}
	return value;
}

/** A numeric ID from a resource locator (list or by-ID mode). */
export function locatorId(params: ParameterSource, name: string, label: string): number {
	const raw = params.get(name, undefined, { extractValue: true });
	const value = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
	if (!Number.isSafeInteger(value) || value <= 0) {
		throw parameterError(
			params,
			name,
			`Select a ${label.toLowerCase()} or enter its numeric ID`,
			`The ${label} field is empty or not a number ("${String(raw ?? '')}").`,
		);
	}
	return value;
}

/** The current year in the workflow's time zone. */
export function currentYear(params: Pick<ParameterSource, 'timezone'>): number {
	return DateTime.now().setZone(params.timezone).year;
}

/** A year parameter where 0 (or empty) means the current year. */
export function yearParameter(params: ParameterSource, name: string, label: string): number {
	const raw = params.get(name, 0);
	if (raw === 0 || raw === '' || raw === null || raw === undefined || raw === '0') return currentYear(params);
	return intParameter(params, name, label, { min: 2000, max: 2100 });
}

/** A payroll period parameter (1-12 monthly, 1-13 four-weekly). */
export function periodParameter(params: ParameterSource, name: string, label: string, fallback?: number): number {
	return intParameter(params, name, label, { min: 1, max: 13 }, fallback);
}

/** Companies → All Companies / One Company (the Company locator). */
export function companySelection(params: ParameterSource): 'all' | number[] {
	const scope = params.get('companyScope', 'all') as 'all' | 'one';
	return scope === 'one' ? [locatorId(params, 'company', 'Company')] : 'all';
}

/** The Only Locked Runs option of an options or filters collection. */
export function onlyLockedRuns(collection: { onlyLockedRuns?: boolean }): boolean {
	return collection.onlyLockedRuns ?? NMBRS_ONLY_LOCKED_RUNS_DEFAULT;
}
