/**
 * The few IAM Query API calls the AWS provider makes to import and read a role and its managed policy
 * attachment (GetRole, ListRolePolicies, ListAttachedRolePolicies), answered on loopback from a fixed set of
 * existing roles, so that `import` blocks can be planned offline. Any other call is answered with an error
 * and recorded: a test fails on it rather than passing with a guess.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExistingRole {
  name: string;
  assumeRolePolicy: string;
  description?: string;
  attachedPolicyArns: string[];
}

export interface FakeIam {
  endpoint: string;
  calls: string[];
  unknown: string[];
  close(): Promise<void>;
}

const xml = (action: string, result: string) =>
  `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></${action}Response>`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeIam(accountId: string, roles: ExistingRole[]): Promise<FakeIam> {
  const calls: string[] = [];
  const unknown: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      calls.push(`${action} ${params.get('RoleName') ?? ''}`.trim());
      const role = roles.find((r) => r.name === params.get('RoleName'));
      const send = (status: number, text: string) => {
        response.writeHead(status, { 'Content-Type': 'text/xml' });
        response.end(text);
      };
      const noSuchEntity = () =>
        send(
          404,
          `<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name ${params.get('RoleName')} cannot be found.</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
        );
      switch (action) {
        case 'GetRole':
          if (!role) return noSuchEntity();
          return send(
            200,
            xml(
              'GetRole',
              `<Role><Path>/</Path><AssumeRolePolicyDocument>${encodeURIComponent(role.assumeRolePolicy)}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration><RoleId>AROA${role.name.replace(/\W/g, '').toUpperCase().slice(0, 17)}</RoleId><RoleName>${role.name}</RoleName>${role.description ? `<Description>${escape(role.description)}</Description>` : ''}<Arn>arn:aws:iam::${accountId}:role/${role.name}</Arn><CreateDate>2024-01-15T10:00:00Z</CreateDate><Tags/></Role>`,
            ),
          );
        case 'ListRolePolicies':
          if (!role) return noSuchEntity();
          return send(200, xml('ListRolePolicies', '<PolicyNames/><IsTruncated>false</IsTruncated>'));
        case 'ListAttachedRolePolicies':
          if (!role) return noSuchEntity();
          return send(
            200,
            xml(
              'ListAttachedRolePolicies',
              `<AttachedPolicies>${role.attachedPolicyArns.map((arn) => `<member><PolicyName>${arn.split('/').pop()}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`).join('')}</AttachedPolicies><IsTruncated>false</IsTruncated>`,
            ),
          );
        default:
          unknown.push(action);
          return send(
            400,
            `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>fake IAM does not know ${action}</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
          );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, calls, unknown, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
