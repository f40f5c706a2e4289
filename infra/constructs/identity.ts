import { Aws, Duration, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#shared/auth/principal.ts';

export interface IdentityProps {
  domainPrefix: string;
  /** Where the hosted login sends the browser back: the console's URL. */
  consoleUrl: string;
  deletionProtection: boolean;
}

/**
 * Staff sign-in: a Cognito user pool whose groups are the roles, and a public (secret-less) client
 * for the console using the authorization-code flow with PKCE on Cognito's hosted login.
 * Staff accounts are created by admins; nobody signs themselves up.
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'identity');
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per active user; teams enable it per stage. ' +
        'Staff sign-in already has no self sign-up, a 12-character policy and optional TOTP MFA.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'TOTP MFA is offered to every staff user; requiring it is a per-team policy decision made in Cognito.',
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Loopdesk ${role}s`,
      });
    }
    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.domain = this.userPool.addDomain('HostedLogin', {
      cognitoDomain: { domainPrefix: `${props.domainPrefix}-${Aws.ACCOUNT_ID}` },
    });
  }

  /** The issuer API Gateway's JWT authorizer checks tokens against. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
