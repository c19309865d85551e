/**
 * Journal → Reconcile: reads the node's settings once, runs the reconciliation use case (domain/reconcile.ts) for
 * all input journals at once and shapes one output item per journal, plus one per booking whose journal is not in
 * the input. Reads only: nothing is written to e-Boekhouden.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN } from '../../../common/assumptions';
import { asNodeError, inputError } from '../../../common/failures';
import type { BatchOperation } from '../../../common/operation';
import { reconcileJournals, type ReconcileResult, type ReconcileSettings, type SignConvention } from '../../domain';
import type { EBoekhoudenClient } from '../../transport/client';
import { EBoekhoudenPostingPort } from '../../transport/postingPort';
import { isoDay } from '../mutation/shared';
import { ledgerMappingParameters, signConventionOption } from './description';
import { readLedgerMapping } from './settings';

export const option: BatchOperation<EBoekhoudenClient>['option'] = {
	name: 'Reconcile',
	value: 'reconcile',
	description: 'Compare Nmbrs payroll journals with what is booked in e-Boekhouden, without changing anything',
	action: 'Reconcile payroll journals',
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Connect the output of the Nmbrs node (Journal → Get Many) for the periods to check. Nothing is written: each journal comes out with a status (booked, not-booked, changed, not-in-nmbrs, needs-review), and bookings in the date range whose journal Nmbrs no longer has come out as not-in-nmbrs. Use the same Ledger Mapping as in Post Payroll Journal, so the totals per ledger compare like with like.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Booked From',
		name: 'bookedFrom',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'First booking date of the periods checked. Payroll bookings from this date on without a journal in the input are reported.',
	},
	{
		displayName: 'Booked To',
		name: 'bookedTo',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Last booking date of the periods checked (inclusive)',
	},
	...ledgerMappingParameters.map((p) =>
		p.name === 'fallbackLedgerCode'
			? { ...p, description: 'Ledger for lines without a GL code or whose ledger does not exist in e-Boekhouden. Lines that find no ledger are listed as "unmapped".' }
			: p,
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Bookings Without a Journal',
				name: 'missingFor',
				type: 'options',
				options: [
					{
						name: 'Report for All Companies',
						value: 'allCompanies',
						description: 'Every payroll booking in the date range whose journal is not in the input is reported',
					},
					{
						name: 'Report for Companies in the Input',
						value: 'inputCompanies',
						description: 'Only bookings of companies that have a journal in the input are reported',
					},
				],
				default: 'allCompanies',
				description: 'Which payroll bookings in e-Boekhouden without a journal in the input are reported as not-in-nmbrs',
			},
			signConventionOption,
		],
	},
];

/** The node's settings, read from the first item (they apply to the whole execution). */
function readSettings(ctx: IExecuteFunctions): ReconcileSettings {
	const day = (name: 'bookedFrom' | 'bookedTo', label: string): string => {
		const raw = ctx.getNodeParameter(name, 0, '') as unknown;
		const value = isoDay(typeof raw === 'string' ? raw : raw instanceof Date ? raw.toISOString() : String(raw ?? ''));
		if (!value) {
			throw inputError(ctx.getNode(), {
				code: 'CONFIGURATION',
				field: name,
				message: `${label} "${String(raw ?? '')}" is not a date`,
				description: `Set ${label} to a date (YYYY-MM-DD), for example the first and last day of the month to check.`,
			});
		}
		return value;
	};
	const bookedFrom = day('bookedFrom', 'Booked From');
	const bookedTo = day('bookedTo', 'Booked To');
	if (bookedFrom > bookedTo) {
		throw inputError(ctx.getNode(), {
			code: 'CONFIGURATION',
			field: 'bookedTo',
			message: `Booked To ${bookedTo} is before Booked From ${bookedFrom}`,
			description: 'Swap the two dates.',
		});
	}
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		...readLedgerMapping(ctx, 0),
		signConvention: (options.signConvention as SignConvention) ?? EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
		missingFor: options.missingFor === 'inputCompanies' ? 'inputCompanies' : 'allCompanies',
		bookedFrom,
		bookedTo,
	};
}

/** The output item of one result: always the same fields. */
export function reconcileItem(r: ReconcileResult): IDataObject {
	const fields: Partial<ReconcileResult> = { ...r };
	delete fields.inputIndex;
	delete fields.totals;
	delete fields.ledgers;
	return { ...fields, ...r.totals, ledgers: r.ledgers as unknown as IDataObject[] };
}

/**
 * All input items at once: one probe of the booked payroll journals, the ledger list and the booked versions'
 * details; one output item per input journal (paired with it) and one per booking without a journal (paired with
 * the first input item, which started the check). Per-journal problems are statuses; an error reading e-Boekhouden
 * as a whole makes every journal `failed`, and a refused credential stops the execution.
 */
export async function executeBatch(this: IExecuteFunctions, client: EBoekhoudenClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	let results: ReconcileResult[];
	try {
		results = await reconcileJournals(new EBoekhoudenPostingPort(client), items.map((i) => (i.json ?? {}) as Record<string, unknown>), readSettings(this));
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
	const counts: Record<string, number> = {};
	for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
	this.logger.info('e-Boekhouden payroll journals reconciled', { ...counts, requests: client.requestCount });
	return results.map((r) => ({ json: reconcileItem(r), pairedItem: { item: r.inputIndex ?? 0 } }));
}
