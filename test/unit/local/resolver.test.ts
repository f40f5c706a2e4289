// Proves the local runtime resolves CloudFormation intrinsics from the template and rewrites stand-in cloud URLs.
import { describe, expect, it } from 'vitest';
import { LocalResolver, UnresolvableError } from '../../../infra/local/resolver.ts';

const template = {
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table' },
    Pool: { Type: 'AWS::Cognito::UserPool' },
    Domain: { Type: 'AWS::Cognito::UserPoolDomain' },
    Dist: { Type: 'AWS::CloudFront::Distribution' },
    Queue: { Type: 'AWS::SQS::Queue' },
  },
};

function resolver() {
  const r = new LocalResolver(template, { region: 'eu-west-1', accountId: '000000000000', stackName: 'S' });
  r.define('Table', { ref: 'tickets', attributes: { Arn: 'arn:aws:dynamodb:eu-west-1:000000000000:table/tickets' } });
  r.defineUrlStandIn('Pool', { pattern: (s) => new RegExp(`https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/${s}`, 'g'), localBase: 'http://localhost:3000/auth' });
  r.defineUrlStandIn('Domain', { pattern: (s) => new RegExp(`https://${s}\\.auth\\.[a-z0-9-]+\\.amazoncognito\\.com`, 'g'), localBase: 'http://localhost:3000/auth' });
  r.defineUrlStandIn('Dist', { pattern: (s) => new RegExp(`https://${s}`, 'g'), localBase: 'http://localhost:3000', attribute: 'DomainName' });
  return r;
}

describe('LocalResolver', () => {
  it('resolves Ref, GetAtt, pseudo parameters, Join, Sub, Select and Split', () => {
    const r = resolver();
    expect(r.resolve({ Ref: 'Table' })).toBe('tickets');
    expect(r.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toContain(':table/tickets');
    expect(r.resolve({ 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] })).toBe('eu-west-1-000000000000');
    expect(r.resolve({ 'Fn::Sub': 'name=${Table} arn=${Table.Arn} x=${X}' .replace('${X}', '${AWS::Partition}') })).toBe(
      'name=tickets arn=arn:aws:dynamodb:eu-west-1:000000000000:table/tickets x=aws',
    );
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
    expect(r.resolve({ nested: [{ Ref: 'Table' }] })).toEqual({ nested: ['tickets'] });
  });

  it('rewrites cloud URLs of stand-ins to local ones, keeping the path', () => {
    const r = resolver();
    const issuer = { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: 'Pool' }]] };
    const domain = { 'Fn::Join': ['', ['https://', { Ref: 'Domain' }, '.auth.eu-west-1.amazoncognito.com/oauth2/authorize']] };
    const callback = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Dist', 'DomainName'] }, '/']] };
    expect(r.resolve(issuer)).toBe('http://localhost:3000/auth');
    expect(r.resolve(domain)).toBe('http://localhost:3000/auth/oauth2/authorize');
    expect(r.resolve(callback)).toBe('http://localhost:3000/');
  });

  it('names the resource it cannot resolve instead of inventing a value', () => {
    const r = resolver();
    expect(() => r.resolve({ Ref: 'Queue' })).toThrow(UnresolvableError);
    expect(() => r.resolve({ Ref: 'Queue' })).toThrow(/Queue \(AWS::SQS::Queue\)/);
    expect(() => r.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow(/Table.StreamArn/);
    expect(() => r.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Fn::ImportValue/);
  });
});
