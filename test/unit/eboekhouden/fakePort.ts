/**
 * An in-memory e-Boekhouden for the posting use case (domain/posting.ts): the PostingPort with scripted
 * POST answers and failures. With `delays` set, every call waits a few milliseconds (seeded), so journals
 * posted at the same time really interleave; the port then records how many calls were in flight at once
 * and every moment two calls for the same journal key overlapped.
 */
import {
	parseInvoiceNumber,
	type MemoriaalPayload,
	type MutationDetail,
	type Outcome,
	type PostAnswer,
	type PostedMutation,
	type PostingFailure,
	type PostingPort,
	type PostRefusal,
} from '../../../nodes/EBoekhouden/domain';
import { EBOEKHOUDEN_LIKE_WILDCARD } from '../../../nodes/common/assumptions';
import { Prng } from '../../../emulators/common/prng';
import { COST_CENTRES, LEDGERS } from './fixtures';

export interface Stored extends MemoriaalPayload {
	id: number;
}

/** A scripted answer to a POST: refused with this class and code; `landed` = booked anyway (a lost answer). */
export type PostStep = { refusal: PostRefusal; code: string; landed?: boolean };

export const failure = (code: string, message = `failed (${code})`): PostingFailure => ({
	code,
	field: null,
	message,
	description: `what to do about ${code}`,
});
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** The journal key an invoice number belongs to (null for anything this node did not write). */
const keyOf = (invoiceNumber: string | undefined): string | null => parseInvoiceNumber(invoiceNumber)?.base ?? null;

export class FakePort implements PostingPort {
	stored: Stored[] = [];

	calls: string[] = [];

	/** Answers to the next POSTs, in order; then the normal behaviour. */
	postSteps: PostStep[] = [];

	/** Answers to the next POSTs of one invoice number, in order (for journals posted at the same time). */
	postStepsByInvoice = new Map<string, PostStep[]>();

	/** List items carry the entry number (docs/vendors/eboekhouden-rest.md: they do). */
	listEntryNumbers = true;

	maxRows = Infinity;

	failures: { probe?: PostingFailure; ledgers?: PostingFailure; detail?: PostingFailure } = {};

	stopRun?: Error;

	/** Another execution, once: runs before the next POST is answered. */
	beforePost?: (payload: MemoriaalPayload) => void;

	/** Wait 0..maxMs ms (seeded) before and after every call; undefined = answer at once. */
	delays?: { seed: number; maxMs: number };

	/** Calls in flight now, the most seen at once, and per journal key. */
	inFlight = 0;

	maxInFlight = 0;

	/** `call` strings of calls that started while another call for the same key was in flight. */
	overlaps: string[] = [];

	private keysInFlight = new Map<string, number>();

	private prng?: Prng;

	private nextId = 5000;

	private listed(m: Stored): PostedMutation {
		return { id: m.id, type: 7, date: m.date, invoiceNumber: m.invoiceNumber, entryNumber: this.listEntryNumbers ? m.entryNumber : undefined };
	}

	book(payload: MemoriaalPayload): number {
		const id = this.nextId++;
		this.stored.push({ ...payload, id });
		return id;
	}

	private async pause(): Promise<void> {
		if (!this.delays) return;
		this.prng ??= new Prng(this.delays.seed);
		const ms = this.prng.int(0, this.delays.maxMs);
		await new Promise((resolve) => setTimeout(resolve, ms));
	}

	/** One call: recorded, counted in flight (per key too), answered by `answer` between two pauses. */
	private async call<T>(call: string, key: string | null, answer: () => T): Promise<T> {
		this.calls.push(call);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		if (key !== null) {
			const n = this.keysInFlight.get(key) ?? 0;
			if (n > 0) this.overlaps.push(call);
			this.keysInFlight.set(key, n + 1);
		}
		try {
			await this.pause();
			const result = answer();
			await this.pause();
			return result;
		} finally {
			this.inFlight--;
			if (key !== null) this.keysInFlight.set(key, (this.keysInFlight.get(key) ?? 1) - 1);
		}
	}

	async findMemoriaals(like: string, range: { from: string; to: string }): Promise<Outcome<PostedMutation[]>> {
		return await this.call(`probe ${like} ${range.from},${range.to}`, null, () => {
			if (this.failures.probe) return { ok: false as const, failure: this.failures.probe };
			const prefix = like.split(EBOEKHOUDEN_LIKE_WILDCARD)[0];
			return ok(this.stored.filter((m) => m.invoiceNumber.startsWith(prefix) && m.date >= range.from && m.date <= range.to).map((m) => this.listed(m)));
		});
	}

	async findMemoriaal(invoiceNumber: string): Promise<Outcome<PostedMutation[]>> {
		return await this.call(`find ${invoiceNumber}`, keyOf(invoiceNumber), () =>
			ok(this.stored.filter((m) => m.invoiceNumber === invoiceNumber).map((m) => this.listed(m))),
		);
	}

	async getMutation(id: number): Promise<Outcome<MutationDetail>> {
		const m = this.stored.find((s) => s.id === id) as Stored;
		return await this.call(`get ${id}`, keyOf(m?.invoiceNumber), () => {
			if (this.failures.detail) return { ok: false as const, failure: this.failures.detail };
			return ok({ date: m.date, ledgerId: m.ledgerId, description: m.description, entryNumber: m.entryNumber, rows: m.rows });
		});
	}

	async postMutation(payload: MemoriaalPayload): Promise<PostAnswer> {
		return await this.call(`post ${payload.invoiceNumber}`, keyOf(payload.invoiceNumber), () => this.answerPost(payload));
	}

	private answerPost(payload: MemoriaalPayload): PostAnswer {
		if (this.stopRun) throw this.stopRun;
		const racer = this.beforePost;
		this.beforePost = undefined;
		racer?.(payload);
		const step = this.postStepsByInvoice.get(payload.invoiceNumber)?.shift() ?? this.postSteps.shift();
		if (step) {
			if (step.landed) this.book(payload);
			return { ok: false, refusal: step.refusal, failure: failure(step.code) };
		}
		if (payload.rows.length > this.maxRows) return { ok: false, refusal: 'tooManyRows', failure: failure('MUT_101') };
		if (this.stored.some((m) => m.invoiceNumber === payload.invoiceNumber)) return { ok: false, refusal: 'duplicate', failure: failure('MUT_019') };
		return { ok: true, id: this.book(payload) };
	}

	async listLedgers() {
		return await this.call('ledgers', null, () => {
			if (this.failures.ledgers) return { ok: false as const, failure: this.failures.ledgers };
			return ok([...LEDGERS].map(([code, id]) => ({ id, code })));
		});
	}

	async listCostCentres() {
		return await this.call('cost centres', null, () => ok(COST_CENTRES.map((c) => ({ ...c, active: true }))));
	}

	posts(): string[] {
		return this.calls.filter((c) => c.startsWith('post '));
	}
}
