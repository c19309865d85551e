/**
 * Nmbrs admin routes under /__admin/service/ (never vendor paths):
 *   GET    companies                                   company list with run counts
 *   POST   companies                                   add a company (seed company shape)
 *   GET    companies/{id}/runs[?year=2025]             runs with journals
 *   POST   companies/{id}/runs                         add a run (seed run shape; id/number optional)
 *   GET    companies/{id}/runs/{runId}                 one run
 *   PATCH  companies/{id}/runs/{runId}                 change isLocked / description / runAt / periods / year
 *   DELETE companies/{id}/runs/{runId}                 remove the run
 *   PUT    companies/{id}/runs/{runId}/journal         replace the journal ({date?, description?, lines} | {rawXml} | null)
 *   DELETE companies/{id}/runs/{runId}/journal         the run has no journal any more
 *   POST   companies/{id}/runs/{runId}/lock | unlock   set IsLocked
 *   PATCH  companies/{id}                              change activeYear / name / employees ...
 *   PUT    users/{username}                            add or replace a user (seed user shape)
 *   GET    faults | POST faults {code, message?, operation?, count?} | DELETE faults   queued Nmbrs faults
 */
import type { ServiceContext, VendorRequest, VendorResponse } from '../common/types';
import { nextRunId, normaliseFault, normaliseJournal, normaliseRun, normaliseSeed, SeedError, type NmbrsCompany, type NmbrsState } from './state';

function json(status: number, body: unknown): VendorResponse {
	return { status, body: body as object };
}

function parseBody(req: VendorRequest): { ok: true; value: unknown } | { ok: false; response: VendorResponse } {
	if (req.body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(req.body) };
	} catch (error) {
		return { ok: false, response: json(400, { error: `Body is not JSON: ${(error as Error).message}` }) };
	}
}

function summary(c: NmbrsCompany): unknown {
	return {
		id: c.id,
		number: c.number,
		name: c.name,
		domain: c.domain,
		loonaangifteTijdvak: c.loonaangifteTijdvak,
		activeYear: c.activeYear,
		runs: c.runs.length,
	};
}

export function nmbrsAdminRoute(method: string, subPath: string, req: VendorRequest, ctx: ServiceContext<NmbrsState>): VendorResponse | undefined {
	const state = ctx.state;
	const parts = subPath.split('/').filter((p) => p !== '').map(decodeURIComponent);
	const body = parseBody(req);
	if (!body.ok) return body.response;
	try {
		return route(method, parts, body.value, req, ctx, state);
	} catch (error) {
		if (error instanceof SeedError) return json(400, { error: error.message });
		throw error;
	}
}

function route(method: string, parts: string[], body: unknown, req: VendorRequest, ctx: ServiceContext<NmbrsState>, state: NmbrsState): VendorResponse | undefined {
	const [head, idRaw, sub, runIdRaw, action] = parts;
	if (head === 'faults' && parts.length === 1) {
		if (method === 'GET') return json(200, state.pendingFaults);
		if (method === 'DELETE') {
			state.pendingFaults = [];
			ctx.changed();
			return json(200, { cleared: true });
		}
		if (method === 'POST') {
			const list = Array.isArray(body) ? body : [body];
			const added = list.map((f, k) => normaliseFault(f ?? {}, `body[${k}]`));
			state.pendingFaults.push(...added);
			ctx.changed();
			return json(201, state.pendingFaults);
		}
		return undefined;
	}
	if (head === 'users' && parts.length === 2 && method === 'PUT') {
		const user = normaliseSeed({ environments: state.environments, users: [{ ...(body as object), username: idRaw }] }).users[0];
		for (const d of user.domains) {
			if (!state.environments.some((e) => e.domain.toLowerCase() === d.toLowerCase())) state.environments.push({ domain: d, name: d });
		}
		const k = state.users.findIndex((u) => u.username.toLowerCase() === idRaw.toLowerCase());
		if (k === -1) state.users.push(user);
		else state.users[k] = user;
		ctx.changed();
		return json(200, user);
	}
	if (head !== 'companies') return undefined;
	if (parts.length === 1) {
		if (method === 'GET') return json(200, state.companies.map(summary));
		if (method === 'POST') {
			const b = (body ?? {}) as Record<string, unknown>;
			const seed = normaliseSeed({
				environments: state.environments,
				companies: [{ domain: state.environments[0]?.domain, ...b, runs: [] }],
			});
			const company = seed.companies[0];
			if (state.companies.some((c) => c.id === company.id)) return json(409, { error: `Company ${company.id} exists` });
			const runs = Array.isArray(b.runs) ? b.runs : [];
			let id = nextRunId(state);
			company.runs = runs.map((r, k) => normaliseRun(r, `body.runs[${k}]`, company.loonaangifteTijdvak, () => id++, k + 1));
			for (const e of seed.environments) if (!state.environments.some((x) => x.domain.toLowerCase() === e.domain.toLowerCase())) state.environments.push(e);
			state.companies.push(company);
			ctx.changed();
			return json(201, company);
		}
		return undefined;
	}
	const company = state.companies.find((c) => String(c.id) === idRaw);
	if (!company) return json(404, { error: `No company ${idRaw}` });
	if (parts.length === 2) {
		if (method === 'GET') return json(200, company);
		if (method === 'PATCH') {
			const b = (body ?? {}) as Record<string, unknown>;
			const merged = normaliseSeed({
				environments: state.environments,
				companies: [{ ...company, runs: [], ...b, id: company.id }],
			}).companies[0];
			Object.assign(company, { ...merged, runs: company.runs });
			ctx.changed();
			return json(200, company);
		}
		return undefined;
	}
	if (sub !== 'runs') return undefined;
	if (parts.length === 3) {
		if (method === 'GET') {
			const year = req.query.get('year');
			return json(200, company.runs.filter((r) => year === null || String(r.year) === year));
		}
		if (method === 'POST') {
			const b = (body ?? {}) as Record<string, unknown>;
			const year = typeof b.year === 'number' ? b.year : undefined;
			const nextNumber = company.runs.filter((r) => r.year === year).reduce((m, r) => Math.max(m, r.number), 0) + 1;
			if (typeof b.id === 'number' && state.companies.some((c) => c.runs.some((r) => r.id === b.id))) {
				return json(409, { error: `Run ${b.id} exists` });
			}
			const run = normaliseRun(b, 'body', company.loonaangifteTijdvak, () => nextRunId(state), nextNumber);
			company.runs.push(run);
			ctx.changed();
			return json(201, run);
		}
		return undefined;
	}
	const run = company.runs.find((r) => String(r.id) === runIdRaw);
	if (!run) return json(404, { error: `No run ${runIdRaw} in company ${company.id}` });
	if (parts.length === 4) {
		if (method === 'GET') return json(200, run);
		if (method === 'DELETE') {
			company.runs.splice(company.runs.indexOf(run), 1);
			ctx.changed();
			return json(200, { deleted: run.id });
		}
		if (method === 'PATCH') {
			const b = (body ?? {}) as Record<string, unknown>;
			const updated = normaliseRun({ ...run, journal: undefined, ...b, id: run.id }, 'body', company.loonaangifteTijdvak, () => run.id, run.number);
			Object.assign(run, { ...updated, journal: run.journal });
			ctx.changed();
			return json(200, run);
		}
		return undefined;
	}
	if (parts.length === 5) {
		if (action === 'journal') {
			if (method === 'PUT') {
				run.journal = normaliseJournal(body ?? null, 'body', run, company.loonaangifteTijdvak);
				ctx.changed();
				return json(200, run);
			}
			if (method === 'DELETE') {
				run.journal = null;
				ctx.changed();
				return json(200, run);
			}
			if (method === 'GET') return json(200, run.journal);
			return undefined;
		}
		if ((action === 'lock' || action === 'unlock') && method === 'POST') {
			run.isLocked = action === 'lock';
			ctx.changed();
			return json(200, run);
		}
	}
	return undefined;
}
