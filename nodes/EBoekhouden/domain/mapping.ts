import type { CostCentreMappingRow, JournalLine, LedgerMappingRow, Lookups, PostingConfig } from './types';

/** Why a line could not be given a ledger. */
export interface UnmappedLine {
	glCode: string;
	description: string;
	/** The e-Boekhouden ledger code that was tried, if any. */
	triedLedgerCode?: string;
}

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * The e-Boekhouden ledger CODE for a journal line, before resolving it to an id:
 * 1. a mapping row whose Nmbrs code equals the line's GL code;
 * 2. a mapping row whose Nmbrs code equals the line's description (wage component), case-insensitive;
 * 3. the GL code itself when "use the same code" is on;
 * 4. otherwise undefined (the caller falls back to the fallback ledger).
 */
export function mappedLedgerCode(
	line: Pick<JournalLine, 'glCode' | 'description'>,
	mapping: LedgerMappingRow[],
	useSameCodeWhenUnmapped: boolean,
): string | undefined {
	const gl = line.glCode.trim();
	if (gl !== '') {
		const byCode = mapping.find((row) => row.nmbrsCode.trim() === gl);
		if (byCode && byCode.ledgerCode.trim() !== '') return byCode.ledgerCode.trim();
	}
	const desc = norm(line.description);
	if (desc !== '') {
		const byDescription = mapping.find((row) => norm(row.nmbrsCode) === desc);
		if (byDescription && byDescription.ledgerCode.trim() !== '') return byDescription.ledgerCode.trim();
	}
	if (gl !== '' && useSameCodeWhenUnmapped) return gl;
	return undefined;
}

export type LedgerResolution = { ok: true; ledgerId: number; ledgerCode: string } | { ok: false; unmapped: UnmappedLine };

/** Resolve a line to an e-Boekhouden ledger id, using the fallback ledger when the mapped code does not exist. */
export function resolveLineLedger(
	line: Pick<JournalLine, 'glCode' | 'description'>,
	config: Pick<PostingConfig, 'ledgerMapping' | 'useSameCodeWhenUnmapped' | 'fallbackLedgerCode'>,
	lookups: Pick<Lookups, 'ledgerIdByCode'>,
): LedgerResolution {
	const code = mappedLedgerCode(line, config.ledgerMapping, config.useSameCodeWhenUnmapped);
	if (code !== undefined) {
		const id = lookups.ledgerIdByCode.get(code);
		if (id !== undefined) return { ok: true, ledgerId: id, ledgerCode: code };
	}
	const fallback = config.fallbackLedgerCode.trim();
	if (fallback !== '') {
		const id = lookups.ledgerIdByCode.get(fallback);
		if (id !== undefined) return { ok: true, ledgerId: id, ledgerCode: fallback };
	}
	return { ok: false, unmapped: { glCode: line.glCode, description: line.description, triedLedgerCode: code } };
}

/** The e-Boekhouden ledger codes a set of lines may need (to check before any call that they exist). */
export function ledgerCodesNeeded(lines: Array<Pick<JournalLine, 'glCode' | 'description'>>, config: PostingConfig): string[] {
	const codes = new Set<string>();
	if (config.clearingLedgerCode.trim() !== '') codes.add(config.clearingLedgerCode.trim());
	if (config.fallbackLedgerCode.trim() !== '') codes.add(config.fallbackLedgerCode.trim());
	for (const line of lines) {
		const code = mappedLedgerCode(line, config.ledgerMapping, config.useSameCodeWhenUnmapped);
		if (code !== undefined) codes.add(code);
	}
	return [...codes];
}

export type CostCentreResolution =
	| { ok: true; costCenterId?: number }
	| { ok: false; nmbrsCostCentre: string; target: string };

/**
 * The e-Boekhouden cost centre id for an Nmbrs cost centre code. Cost centres have no code in
 * e-Boekhouden, so the target is matched by description (exact, then case-insensitive) or given as
 * a numeric id. Without a mapping row the Nmbrs code itself is matched as description when
 * `useSameCostCentreWhenUnmapped` is on.
 */
export function resolveCostCentre(
	nmbrsCostCentre: string | null,
	mapping: CostCentreMappingRow[],
	useSameWhenUnmapped: boolean,
	unknownAction: PostingConfig['unknownCostCentre'],
	costCentres: Lookups['costCentres'],
): CostCentreResolution {
	if (nmbrsCostCentre === null || nmbrsCostCentre.trim() === '') return { ok: true };
	const code = nmbrsCostCentre.trim();
	const row = mapping.find((r) => r.nmbrsCostCentre.trim() === code);
	let target: string | undefined = row ? row.costCentre.trim() : undefined;
	if (target === undefined && useSameWhenUnmapped) target = code;
	if (target === undefined || target === '') {
		return unknownAction === 'omit' ? { ok: true } : { ok: false, nmbrsCostCentre: code, target: '' };
	}
	const list = costCentres ?? [];
	if (row && /^\d+$/.test(target)) {
		const id = Number(target);
		if (costCentres === undefined || list.some((c) => c.id === id)) return { ok: true, costCenterId: id };
	}
	const exact = list.find((c) => c.description === target);
	const match = exact ?? list.find((c) => norm(c.description) === norm(target as string));
	if (match) return { ok: true, costCenterId: match.id };
	return unknownAction === 'omit' ? { ok: true } : { ok: false, nmbrsCostCentre: code, target };
}

/** True when any line carries a cost centre (so the cost centre list must be loaded). */
export function needsCostCentres(lines: Array<Pick<JournalLine, 'costCenter'>>): boolean {
	return lines.some((line) => line.costCenter !== null && line.costCenter.trim() !== '');
}
