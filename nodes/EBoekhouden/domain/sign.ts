import { EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN } from '../../common/assumptions';
import type { Side, SignConvention } from './types';

/**
 * THE sign convention of memoriaal (type 7) row amounts. The one place that decides it.
 *
 * e-Boekhouden rows have no debit/credit field: the sign of `amount` is the only direction
 * indicator, and the vendor does not document which side a positive amount books
 * (docs/vendors/eboekhouden-rest.md §6.2, open question §7.1). The working convention,
 * `positiveIsCredit` (the default, in
 * nodes/common/assumptions.ts), comes from one third-party importer reading REST data back:
 * a positive row amount credits the row ledger (and debits the mutation's main ledger).
 *
 * - `positiveIsCredit`: credit line -> +cents, debit line -> -cents
 * - `positiveIsDebit`:  debit line  -> +cents, credit line -> -cents
 *
 * With balanced rows (Σ = 0) and a clearing ledger as main ledger, the clearing ledger nets to zero
 * under both conventions; only the direction on the row ledgers depends on this choice. Verify on a
 * test administration before go-live and switch with the node option "Sign Convention".
 *
 * `cents` is the line amount in integer cents as Nmbrs reports it for that side (normally positive;
 * a negative amount on a side is kept negative, i.e. it books the other way).
 */
/** The sign a credit line is sent with. */
const creditSignOf = (convention: SignConvention): number => (convention === 'positiveIsDebit' ? -1 : 1);

export function memoriaalRowAmount(
	side: Side,
	cents: number,
	convention: SignConvention = EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
): number {
	const creditSign = creditSignOf(convention);
	const value = side === 'credit' ? creditSign * cents : -creditSign * cents;
	return value === 0 ? 0 : value; // never -0
}

/** The side a booked row amount (not 0) books on its row ledger: the inverse of {@link memoriaalRowAmount}. */
export function rowAmountSide(amount: number, convention: SignConvention = EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN): Side {
	return amount * creditSignOf(convention) > 0 ? 'credit' : 'debit';
}

/** A JSON amount (number or numeric string) -> integer cents, or null when it is not a valid amount. */
export function amountToCents(amount: unknown): number | null {
	if (typeof amount === 'number') {
		if (!Number.isFinite(amount)) return null;
		return Math.round(amount * 100);
	}
	if (typeof amount === 'string' && /^-?\d+(\.\d{1,2})?$/.test(amount.trim())) {
		const [whole, frac = ''] = amount.trim().replace('-', '').split('.');
		const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
		return amount.trim().startsWith('-') ? -cents : cents;
	}
	return null;
}
