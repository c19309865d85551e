/**
 * The Nmbrs operations the package uses, behind a small interface (docs/vendors/nmbrs-soap.md §9: a
 * REST implementation can replace SOAP here without touching mapping or posting).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	NMBRS_JOURNAL_FALLBACK_TO_V1,
	NMBRS_JOURNAL_V2_YEAR_PARAM,
	NMBRS_MAX_CONCURRENCY,
} from '../../common/assumptions';
import { Pacer } from '../../common/transport/pacer';
import { text } from '../../common/xml';
import type { NmbrsPort } from '../domain/collect';
import { isUnknownOperationFault } from '../domain/faults';
import { parseCompanies, parseRuns } from '../domain/models';
import type { NmbrsCompany, NmbrsRun } from '../domain/models';
import { NMBRS_CREDENTIAL, faultError, nmbrsCall, nmbrsRequest } from './index';
import type { NmbrsCallOptions, NmbrsContext } from './index';

/**
 * Per-execution memory: one company list per execution, whether the v2 journal call works, and the request policy
 * of every call: the execution's pacer (it slows down after 429s) and the credential read once (`policy.credentials`:
 * without it n8n loads and decrypts the credential from its database for every request, which was most of the time
 * and memory of reading thousands of journals).
 */
export interface NmbrsSession {
	companies?: Promise<NmbrsCompany[]>;
	journalV2Unavailable?: boolean;
	policy?: NmbrsCallOptions['policy'];
}

/**
 * A session for one execution; `policy` may set the 429 wait bound (node option) or, in tests, its own limiter. Its
 * pacer keeps at most NMBRS_MAX_CONCURRENCY calls in flight for the whole execution, however many items are read at once.
 */
export function newSession(policy?: NmbrsCallOptions['policy']): NmbrsSession {
	return { policy: { limiter: new Pacer({ maxInFlight: NMBRS_MAX_CONCURRENCY }), ...(policy ?? {}) } };
}

/** A session whose requests all use the credential read here once. */
export async function sessionWithCredential(
	ctx: { getCredentials(type: string): Promise<ICredentialDataDecryptedObject> },
	policy?: NmbrsCallOptions['policy'],
): Promise<NmbrsSession> {
	return newSession({ ...(policy ?? {}), credentials: await ctx.getCredentials(NMBRS_CREDENTIAL) });
}

/** All companies the API user can see (`CompanyService.List_GetAll`), fetched once per session. */
export async function listCompanies(ctx: NmbrsContext, session: NmbrsSession, itemIndex?: number): Promise<NmbrsCompany[]> {
	if (!session.companies) {
		session.companies = nmbrsCall(ctx, 'CompanyService', 'List_GetAll', [], { itemIndex, policy: session.policy }).then(
			(result) => parseCompanies(result),
		);
		// A failed list must not stay cached for the next item.
		session.companies.catch(() => {
			session.companies = undefined;
		});
	}
	return await session.companies;
}

/** Payroll runs of one company in one year (`CompanyService.Run_GetList`). */
export async function listRuns(
	ctx: NmbrsContext,
	session: NmbrsSession,
	companyId: number,
	year: number,
	itemIndex?: number,
): Promise<NmbrsRun[]> {
	const result = await nmbrsCall(
		ctx,
		'CompanyService',
		'Run_GetList',
		[
			['CompanyId', companyId],
			['Year', year],
		],
		{ itemIndex, context: { companyId, year }, policy: session.policy },
	);
	return parseRuns(result, year);
}

export interface RunJournalXml {
	/** The journal XML string ('' when Nmbrs returned none). */
	xml: string;
	/** The operation that produced it. */
	source: 'Journals_GetByRunCompany_v2' | 'Journals_GetByRunCompany';
}

/**
 * The journal string of one run. Uses `Journals_GetByRunCompany_v2` (with the run's year); when
 * Nmbrs does not know that operation or the API user lacks the right for it (1002), falls back to
 * `Journals_GetByRunCompany` for the rest of the session and logs a warning.
 */
export async function getRunJournalXml(
	ctx: NmbrsContext,
	session: NmbrsSession,
	companyId: number,
	run: Pick<NmbrsRun, 'id' | 'year'>,
	itemIndex?: number,
): Promise<RunJournalXml> {
	const context = { companyId, runId: run.id, year: run.year };
	if (!session.journalV2Unavailable) {
		const outcome = await nmbrsRequest(
			ctx,
			'CompanyService',
			'Journals_GetByRunCompany_v2',
			[
				['CompanyId', companyId],
				['RunId', run.id],
				[NMBRS_JOURNAL_V2_YEAR_PARAM, run.year],
			],
			{ itemIndex, context, policy: session.policy },
		);
		if (outcome.kind === 'result') return { xml: text(outcome.result), source: 'Journals_GetByRunCompany_v2' };
		const canFallBack =
			NMBRS_JOURNAL_FALLBACK_TO_V1 && (isUnknownOperationFault(outcome.fault) || outcome.fault.code === 1002);
		if (!canFallBack) throw faultError(ctx.getNode(), outcome, itemIndex);
		session.journalV2Unavailable = true;
		ctx.logger?.warn(
			`Nmbrs Journals_GetByRunCompany_v2 is not available (${outcome.classified.message}); using Journals_GetByRunCompany, which reads the company's active year`,
		);
	}
	const result = await nmbrsCall(
		ctx,
		'CompanyService',
		'Journals_GetByRunCompany',
		[
			['CompanyId', companyId],
			['RunId', run.id],
		],
		{ itemIndex, context, policy: session.policy },
	);
	return { xml: text(result), source: 'Journals_GetByRunCompany' };
}

/** The port of the journal use cases (domain/collect.ts) over these calls; errors carry `itemIndex`. */
export function nmbrsPort(ctx: NmbrsContext, session: NmbrsSession, itemIndex?: number): NmbrsPort {
	return {
		listCompanies: async () => await listCompanies(ctx, session, itemIndex),
		listRuns: async (companyId, year) => await listRuns(ctx, session, companyId, year, itemIndex),
		getRunJournal: async (companyId, run) => await getRunJournalXml(ctx, session, companyId, run, itemIndex),
	};
}
