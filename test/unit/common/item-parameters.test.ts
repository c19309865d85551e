import type { IExecuteFunctions } from 'n8n-workflow';

import { hasExpression, itemLocatorValue, itemParameter, jsonFieldOf } from '../../../nodes/common/itemParameters';

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

describe('resource locators read without the expression engine where that gives the same value', () => {
	/** As `context`, with n8n's `extractValue` stood in for by a marker. */
	function locatorContext(params: Record<string, unknown>, items: Array<Record<string, unknown>>) {
		const evaluated: string[] = [];
		const ctx = {
			getInputData: () => items.map((json) => ({ json })),
			getNodeParameter: (name: string, itemIndex: number, fallback: unknown, options?: { rawExpressions?: boolean; extractValue?: boolean }) => {
				const raw = name in params ? params[name] : fallback;
				if (options?.rawExpressions) return raw;
				evaluated.push(`${name}#${itemIndex}${options?.extractValue ? ' extracted' : ''}`);
				return `evaluated ${name} for item ${itemIndex}`;
			},
		} as unknown as IExecuteFunctions;
		return { ctx, evaluated };
	}

	test('a locator by a field of the item, or with a plain value, gives that value; anything else is evaluated by n8n', () => {
		const { ctx, evaluated } = locatorContext(
			{
				byField: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				plain: { __rl: true, mode: 'list', value: '12345', cachedResultName: 'Bakkerij De Korenschoof B.V.' },
				computed: { __rl: true, mode: 'id', value: '={{ $json.id + 1 }}' },
				modeByExpression: { __rl: true, mode: '={{ $json.mode }}', value: '12345' },
				notALocator: '={{ $json.id }}',
			},
			[{ id: 12345 }, {}],
		);
		expect(itemLocatorValue(ctx, 'byField', 0)).toBe(12345);
		expect(itemLocatorValue(ctx, 'byField', 1)).toBeUndefined();
		expect(itemLocatorValue(ctx, 'plain', 1)).toBe('12345');
		expect(evaluated).toEqual([]);
		expect(itemLocatorValue(ctx, 'computed', 0)).toBe('evaluated computed for item 0');
		expect(itemLocatorValue(ctx, 'modeByExpression', 1)).toBe('evaluated modeByExpression for item 1');
		expect(itemLocatorValue(ctx, 'notALocator', 0)).toBe('evaluated notALocator for item 0');
		expect(evaluated).toEqual(['computed#0 extracted', 'modeByExpression#1 extracted', 'notALocator#0 extracted']);
	});
});
