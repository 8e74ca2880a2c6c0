import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { offlineTerraformEnvironment } from '../../app/terraform-offline';

describe('offlineTerraformEnvironment', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-offline-env-'));
  const gogc = process.env.GOGC;
  afterEach(() => {
    if (gogc === undefined) delete process.env.GOGC;
    else process.env.GOGC = gogc;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN a mirror WHEN the environment is made THEN Terraform installs from it only, with test credentials and a lazier Go collector', () => {
    // GIVEN
    delete process.env.GOGC;

    // WHEN
    const tf = offlineTerraformEnvironment('/opt/mirror', work);

    // THEN
    expect(tf.env.TF_CLI_CONFIG_FILE).toBe(tf.cliConfigFile);
    const cliConfig = fs.readFileSync(tf.cliConfigFile, 'utf8');
    expect(cliConfig).toContain('path    = "/opt/mirror"');
    expect(cliConfig).toMatch(/direct {\s+exclude = \["registry.terraform.io\/\*\/\*"\]/);
    expect(tf.env).toMatchObject({ AWS_ACCESS_KEY_ID: 'offline-test', AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', GOGC: '400' });
  });

  test('GIVEN GOGC set by the caller WHEN the environment is made THEN it is kept', () => {
    // GIVEN
    process.env.GOGC = '100';

    // WHEN
    const tf = offlineTerraformEnvironment('/opt/mirror', work);

    // THEN
    expect(tf.env.GOGC).toBe('100');
  });
});
