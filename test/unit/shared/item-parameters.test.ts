import type { IExecuteFunctions } from 'n8n-workflow';

import { hasExpression, itemParameter, jsonFieldOf } from '../../../nodes/shared/itemParameters';

/** A context whose parameters are raw values; n8n's evaluation is stood in for by a marker, counted. */
function context(params: Record<string, unknown>, items: Array<Record<string, unknown>>) {
	const evaluated: string[] = [];
	const ctx = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown, options?: { rawExpressions?: boolean }) => {
			const raw = name in params ? params[name] : fallback;
			if (options?.rawExpressions) return raw;
			evaluated.push(`${name}#${itemIndex}`);
			return `evaluated ${name} for item ${itemIndex}`;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, evaluated };
}

describe('per-item parameters read without the expression engine where that gives the same value', () => {
	test('an expression naming one field of the item', () => {
		expect(jsonFieldOf('={{ $json.crmId }}')).toBe('crmId');
		expect(jsonFieldOf('={{$json.crm_Id2}}')).toBe('crm_Id2');
		expect(jsonFieldOf("={{ $json['Nextens ID'] }}")).toBe('Nextens ID');
		expect(jsonFieldOf('={{ $json["Soort relatie"] }}')).toBe('Soort relatie');
		for (const other of ['={{ $json.crmId.trim() }}', '={{ $json.a.b }}', '={{ $json.crmId }} ', 'x={{ $json.crmId }}', '{{ $json.crmId }}', "={{ $('Map').item.json.crmId }}", '={{ $json.a }}{{ $json.b }}', 42, null]) {
			expect([other, jsonFieldOf(other)]).toEqual([other, undefined]);
		}
	});

	test('expressions anywhere in a value', () => {
		expect(hasExpression('plain')).toBe(false);
		expect(hasExpression({ concurrency: 4, mode: 'overwrite', list: ['a'] })).toBe(false);
		expect(hasExpression({ concurrency: 4, mode: '={{ $json.mode }}' })).toBe(true);
		expect(hasExpression([{ x: ['=1'] }])).toBe(true);
	});

	test('field expressions read the item, plain values are used as they are, anything else is evaluated by n8n', () => {
		const { ctx, evaluated } = context(
			{ crmId: '={{ $json.crmId }}', nextensId: "={{ $json['Nextens ID'] }}", clientType: 'persoon', options: { concurrency: 4 }, other: '={{ $json.crmId + 1 }}', mixed: { mode: '={{ $json.mode }}' } },
			[{ crmId: 'C-1', 'Nextens ID': 'kl_000001' }, { crmId: 7 }],
		);
		expect(itemParameter(ctx, 'crmId', 0, '')).toBe('C-1');
		expect(itemParameter(ctx, 'crmId', 1, '')).toBe(7);
		expect(itemParameter(ctx, 'nextensId', 0, '')).toBe('kl_000001');
		expect(itemParameter(ctx, 'nextensId', 1, '')).toBeUndefined();
		expect(itemParameter(ctx, 'clientType', 1)).toBe('persoon');
		expect(itemParameter(ctx, 'options', 1, {})).toEqual({ concurrency: 4 });
		expect(itemParameter(ctx, 'missing', 0, 'fallback')).toBe('fallback');
		expect(evaluated).toEqual([]);
		expect(itemParameter(ctx, 'other', 1, '')).toBe('evaluated other for item 1');
		expect(itemParameter(ctx, 'mixed', 0, {})).toBe('evaluated mixed for item 0');
		expect(evaluated).toEqual(['other#1', 'mixed#0']);
	});
});
