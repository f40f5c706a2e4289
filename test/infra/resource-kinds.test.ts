// Proves every resource type the stack synthesizes has a local meaning, and that an unknown type is refused by name.
import { describe, expect, it } from 'vitest';
import { assertAllKindsKnown, RESOURCE_KINDS } from '../../infra/local/resource-kinds.ts';
import { assemblyStack, buildTestApp } from './template-support.ts';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnTemplate } from '../../infra/local/cloud-assembly.ts';

describe('resource kinds known to the local runtime', () => {
  it('covers every resource type of the synthesized dev stack', () => {
    const { template } = assemblyStack();
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !RESOURCE_KINDS[t])).toEqual([]);
    expect(() => assertAllKindsKnown(template)).not.toThrow();
  });

  it('covers the prod stack too (no auto-delete, retained resources)', () => {
    const { stacks } = buildTestApp('kinds-prod', { 'loopdesk:stage': 'prod' });
    for (const stack of stacks) {
      const template = Template.fromStack(stack).toJSON() as CfnTemplate;
      expect(() => assertAllKindsKnown(template)).not.toThrow();
    }
  });

  it('refuses a template with an unknown type and names the type and the resource', () => {
    const { template } = assemblyStack();
    const withFake: CfnTemplate = {
      ...template,
      Resources: { ...template.Resources, Mystery: { Type: 'AWS::Foo::Bar', Properties: {} } },
    };
    expect(() => assertAllKindsKnown(withFake)).toThrow(/AWS::Foo::Bar \(Mystery\)/);
  });
});
