/** Node parameters that Post Payroll Journal and Reconcile read the same way. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../../../common/itemParameters';
import type { PostingConfig } from '../../domain';

/** Ledger Mapping, Use the Same Code When No Mapping Row Matches and Fallback Ledger Code of one item. */
export function readLedgerMapping(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Pick<PostingConfig, 'ledgerMapping' | 'useSameCodeWhenUnmapped' | 'fallbackLedgerCode'> {
	const rows = ((itemParameter(ctx, 'ledgerMapping', itemIndex, {}) as IDataObject).mapping ?? []) as IDataObject[];
	return {
		ledgerMapping: rows
			.map((r) => ({ nmbrsCode: String(r.nmbrsCode ?? '').trim(), ledgerCode: String(r.ledgerCode ?? '').trim() }))
			.filter((r) => r.nmbrsCode !== ''),
		useSameCodeWhenUnmapped: itemParameter(ctx, 'useSameCodeWhenUnmapped', itemIndex, true) as boolean,
		fallbackLedgerCode: String(itemParameter(ctx, 'fallbackLedgerCode', itemIndex, '') ?? '').trim(),
	};
}
