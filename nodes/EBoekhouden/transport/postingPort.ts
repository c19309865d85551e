/**
 * The e-Boekhouden REST calls behind the posting use case (domain/port.ts), on the execution's client.
 * Failures come back as outcomes in the pack's failure words; an error that stops the run (credential,
 * session) is thrown.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	EBOEKHOUDEN_FILTER_PARAM,
	EBOEKHOUDEN_LIST_ITEMS_CARRY_ENTRY_NUMBER,
} from '../../common/assumptions';
import { asNodeError, failureOf, isStopRunError } from '../../common/failures';
import { bodyAsObject, type HttpResult } from '../../common/transport/request';
import type {
	CostCentreRef,
	LedgerRef,
	MemoriaalPayload,
	MutationDetail,
	Outcome,
	PostAnswer,
	PostedMutation,
	PostingPort,
	PostRefusal,
} from '../domain';
import type { EBoekhoudenClient } from './client';
import { classifyAnswer, type ErrorClass } from './errors';

function num(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** A `GET /v1/mutation` list item as the use case reads it. */
export function toPosted(item: IDataObject): PostedMutation {
	return {
		id: Number(item.id),
		type: num(item.type) ?? undefined,
		date: typeof item.date === 'string' ? item.date.slice(0, 10) : undefined,
		invoiceNumber: typeof item.invoiceNumber === 'string' ? item.invoiceNumber : undefined,
		entryNumber: EBOEKHOUDEN_LIST_ITEMS_CARRY_ENTRY_NUMBER && typeof item.entryNumber === 'string' ? item.entryNumber : undefined,
		ledgerId: num(item.ledgerId) ?? undefined,
		amount: num(item.amount) ?? undefined,
	};
}

/** `GET /v1/mutation/{id}` as the use case reads it. */
export function toMutationDetail(detail: IDataObject): MutationDetail {
	const rows = Array.isArray(detail.rows) ? (detail.rows as IDataObject[]) : [];
	return {
		date: typeof detail.date === 'string' ? detail.date : undefined,
		ledgerId: detail.ledgerId === undefined || detail.ledgerId === null ? undefined : Number(detail.ledgerId),
		description: typeof detail.description === 'string' ? detail.description : undefined,
		entryNumber: typeof detail.entryNumber === 'string' ? detail.entryNumber : undefined,
		rows: rows.map((r) => ({
			ledgerId: Number(r.ledgerId),
			amount: Number(r.amount),
			costCenterId: num(r.costCenterId),
			description: typeof r.description === 'string' ? r.description : null,
		})),
	};
}

const REFUSALS: Partial<Record<ErrorClass, PostRefusal>> = {
	transient: 'transient',
	closed: 'closed',
	duplicate: 'duplicate',
	tooManyRows: 'tooManyRows',
};

/** The answer to one POST /v1/mutation, classified (docs/vendors/eboekhouden-rest.md §5.2). */
export function postAnswerOf(result: HttpResult): PostAnswer {
	const body = bodyAsObject(result.body);
	if (result.statusCode >= 200 && result.statusCode < 300) return { ok: true, id: Number(body.id) };
	const c = classifyAnswer(result);
	return {
		ok: false,
		refusal: REFUSALS[c.errorClass] ?? 'other',
		failure: { code: c.code ?? `HTTP_${c.status}`, field: null, message: c.message, description: c.description },
	};
}

/** Runs a call; a failure that does not stop the run becomes an outcome. */
async function outcomeOf<T>(client: EBoekhoudenClient, call: () => Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await call() };
	} catch (error) {
		if (isStopRunError(error)) throw asNodeError(client.node(), error);
		const { code, field, message, description } = failureOf(error);
		return { ok: false, failure: { code, field: field ?? null, message, description } };
	}
}

export class EBoekhoudenPostingPort implements PostingPort {
	constructor(private readonly client: EBoekhoudenClient) {}

	async findMemoriaals(invoiceNumberLike: string, range: { from: string; to: string }): Promise<Outcome<PostedMutation[]>> {
		return await outcomeOf(this.client, async () => {
			const items = await this.client.list('/v1/mutation', {
				type: 7,
				[EBOEKHOUDEN_FILTER_PARAM('invoiceNumber', 'like')]: invoiceNumberLike,
				[EBOEKHOUDEN_FILTER_PARAM('date', 'range')]: `${range.from},${range.to}`,
			});
			return items.map(toPosted);
		});
	}

	async findMemoriaal(invoiceNumber: string): Promise<Outcome<PostedMutation[]>> {
		return await outcomeOf(this.client, async () => (await this.client.list('/v1/mutation', { type: 7, invoiceNumber }, 10)).map(toPosted));
	}

	async getMutation(id: number): Promise<Outcome<MutationDetail>> {
		return await outcomeOf(this.client, async () => toMutationDetail(bodyAsObject(await this.client.call('GET', `/v1/mutation/${id}`))));
	}

	async postMutation(payload: MemoriaalPayload): Promise<PostAnswer> {
		let result: HttpResult;
		try {
			result = await this.client.request('POST', '/v1/mutation', { body: payload as unknown as IDataObject, policy: { idempotent: false } });
		} catch (error) {
			// No answer (network): it may have landed, so it is probed like a 5xx.
			if (isStopRunError(error)) throw asNodeError(this.client.node(), error);
			const { code, message, description } = failureOf(error);
			return { ok: false, refusal: 'transient', failure: { code, field: null, message, description } };
		}
		return postAnswerOf(result);
	}

	async listLedgers(): Promise<Outcome<LedgerRef[]>> {
		return await outcomeOf(this.client, async () =>
			(await this.client.list('/v1/ledger'))
				.filter((l) => l.code !== undefined && l.code !== null)
				.map((l) => ({ id: Number(l.id), code: String(l.code).trim() })),
		);
	}

	async listCostCentres(): Promise<Outcome<CostCentreRef[]>> {
		return await outcomeOf(this.client, async () =>
			(await this.client.list('/v1/costcenter')).map((c) => ({
				id: Number(c.id),
				description: String(c.description ?? ''),
				active: c.active !== false,
			})),
		);
	}
}
