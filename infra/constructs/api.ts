import { Duration, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type CfnStage,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Identity } from './identity.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';

export interface ApiProps {
  identity: Identity;
  /** The console's origin, the only one browsers may call the API from. */
  consoleOrigin: string;
  stage: string;
  logRetentionDays: number;
}

/** `public` routes have no authorizer; every other route requires a staff token. */
export type RouteAccess = 'public' | 'staff';

/**
 * The HTTP API (payload format 2.0) with Cognito's JWT authorizer on every staff route. Role
 * checks happen in the handler (one shared code path, cloud and local); the authorizer only proves
 * the token is ours and fresh. Unknown paths reach a `$default` route that answers 404 in the
 * API's own error shape.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  private readonly authorizer: HttpUserPoolAuthorizer;
  private readonly props: ApiProps;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.props = props;
    Tags.of(this).add('capability', 'api');
    this.authorizer = new HttpUserPoolAuthorizer('Cognito', props.identity.userPool, {
      userPoolClients: [props.identity.client],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Loopdesk API',
      corsPreflight: {
        allowOrigins: [props.consoleOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        exposeHeaders: ['etag'],
        // Browsers cache the preflight for a day: fewer OPTIONS requests, which are billed too.
        maxAge: Duration.days(1),
      },
      createDefaultStage: true,
    });
    this.enableAccessLogs(this.httpApi.defaultStage as HttpStage, props.logRetentionDays);

    this.addRoute('GET /health', 'public', this.fn(this, 'Health', 'health/get-health.ts', 'Liveness check'));
    this.addRoute('GET /v1/openapi.json', 'public', this.fn(this, 'OpenApi', 'api/get-openapi.ts', 'Serves the OpenAPI document'));
    const notFound = new HttpRoute(this, 'RouteNotFound', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFound', this.fn(this, 'NotFound', 'http/route-not-found.ts', 'Answers unknown routes')),
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(notFound).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 for unknown paths; it reads and returns no data.',
    });
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /** Adds `METHOD /path` served by one function; staff routes carry the JWT authorizer. */
  addRoute(routeKey: string, access: RouteAccess, handler: IFunction): void {
    const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
    const id = `Route ${routeKey}`.replace(/[^A-Za-z0-9]/g, '');
    const [route] = this.httpApi.addRoutes({
      path,
      methods: [HttpMethod[method]],
      // One invoke permission per function and API rather than per route: a function serving
      // several routes (parts reads) then costs one resource, not one per route.
      integration: new HttpLambdaIntegration(`${id}Integration`, handler, { scopePermissionToRoute: false }),
      authorizer: access === 'public' ? new HttpNoneAuthorizer() : this.authorizer,
    });
    if (access === 'public') {
      Validations.of(route!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${routeKey} is public by design (no customer or ticket data); every other route requires a Cognito JWT.`,
      });
    }
  }

  /** A house function for a route, created in the calling capability's scope with the stage's defaults. */
  fn(scope: Construct, id: string, entry: string, description: string): LoopdeskFunction {
    return new LoopdeskFunction(scope, id, {
      entry,
      description,
      stage: this.props.stage,
      logRetentionDays: this.props.logRetentionDays,
    });
  }

  private enableAccessLogs(stage: HttpStage, retentionDays: number): void {
    // Like function logs, access logs age out by retention and go with the stack.
    const logGroup = new LogGroup(this, 'AccessLogs', {
      retention: retentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: logGroup.logGroupArn,
      format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationLatencyMs: '$context.integrationLatency',
          sub: '$context.authorizer.claims.sub',
          error: '$context.error.message',
        }),
    };
    // Throttle by default so one runaway client cannot run up the bill.
    cfnStage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
  }
}
