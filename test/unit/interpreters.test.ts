import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanScript, scriptLanguage, type ScriptLanguage, type ScriptScan } from '../../src/core/shell/interpreters';

/** What a scan found, in one comparable shape. */
function found(language: ScriptLanguage, code: string): { commands: string[]; argvs: string[][]; files: string[]; opaque?: string } {
  const scan: ScriptScan = scanScript(language, code);
  return { commands: scan.commands, argvs: scan.argvs, files: scan.files, ...(scan.opaque ? { opaque: scan.opaque } : {}) };
}

const nothing = { commands: [], argvs: [], files: [] };

describe('scriptLanguage', () => {
  it('knows interpreters by program name', () => {
    assert.equal(scriptLanguage('python3.12'), 'python');
    assert.equal(scriptLanguage('pypy3'), 'python');
    assert.equal(scriptLanguage('bun'), 'node');
    assert.equal(scriptLanguage('php8.3'), 'php');
    assert.equal(scriptLanguage('deno'), 'deno');
    assert.equal(scriptLanguage('bash'), undefined);
  });
});

describe('scanScript: python', () => {
  it('reads shell strings and argv lists handed to subprocess APIs', () => {
    assert.deepEqual(found('python', "import os; os.system('kubectl delete ns api')"), { ...nothing, commands: ['kubectl delete ns api'] });
    assert.deepEqual(found('python', "import subprocess; subprocess.run(['terraform', 'destroy'], check=True)"), { ...nothing, argvs: [['terraform', 'destroy']] });
    assert.deepEqual(found('python', "import subprocess as sp; sp.check_output('ls -la', shell=True)"), { ...nothing, commands: ['ls -la'] });
    assert.deepEqual(found('python', "import os; os.execvp('rm', ['rm', '-rf', 'dist'])"), { ...nothing, argvs: [['rm', '-rf', 'dist']] });
  });

  it('follows variables, concatenation, f-strings, escapes and base64', () => {
    assert.deepEqual(found('python', "cmd = 'railway ' + 'down'; import os; os.system(cmd)").commands, ['railway down']);
    assert.deepEqual(found('python', "import os; os.system('rm -rf ' + target)").commands, ['rm -rf ${__bulkhead_computed}']);
    assert.deepEqual(found('python', "import os; os.system(f\"psql {os.environ['DATABASE_URL']} -c 'select 1'\")").commands, ["psql ${DATABASE_URL} -c 'select 1'"]);
    assert.deepEqual(found('python', "import os; os.system('\\x72m -rf /')").commands, ['rm -rf /']);
    assert.deepEqual(found('python', "import os, base64; os.system(base64.b64decode('cm0gLXJmIC8=').decode())").commands, ['rm -rf /']);
    assert.deepEqual(found('python', "import os; os.system('rm -rf %s' % path)").commands, ['rm -rf ${__bulkhead_computed}']);
    assert.deepEqual(found('python', "import os; os.system('echo' ' hi')").commands, ['echo hi']);
  });

  it('renders deletions as rm commands, keeping environment reads visible', () => {
    assert.deepEqual(found('python', "import shutil; shutil.rmtree('/srv/data')").commands, ["rm -rf '/srv/data'"]);
    assert.deepEqual(found('python', "import shutil, os; shutil.rmtree(os.path.join(os.environ['HOME'], 'code'))").commands, [`rm -rf "\${HOME}"'/''code'`]);
    assert.deepEqual(found('python', "import os; os.remove('.env.production')").commands, ["rm -f '.env.production'"]);
    assert.deepEqual(found('python', "from pathlib import Path; Path('old.db').unlink()").commands, ["rm -f 'old.db'"]);
  });

  it('renders HTTP requests as curl lines with the variables they read', () => {
    const scan = found('python', "import os, requests; requests.delete('https://api.heroku.com/apps/acme-api', headers={'Authorization': 'Bearer ' + os.environ['HEROKU_API_KEY']})");
    assert.equal(scan.commands.length, 1);
    assert.match(scan.commands[0], /^curl -X DELETE 'https:\/\/api\.heroku\.com\/apps\/acme-api' /);
    assert.match(scan.commands[0], /\$\{HEROKU_API_KEY\}/);
    const graphql = found('python', "import requests; q = 'mutation { volumeDelete(volumeId: \"v\") }'; requests.post('https://backboard.railway.app/graphql/v2', json={'query': q})");
    assert.match(graphql.commands[0], /--data-raw '\{"query":"mutation \{ volumeDelete\(volumeId: \\"v\\"\) \}"\}'/);
    assert.match(found('python', "import urllib.request as u; u.urlopen(u.Request('https://x.example/a', data=b'1'))").commands[0], /^curl -X POST /);
  });

  it('translates boto3 client calls into aws commands', () => {
    assert.deepEqual(found('python', "import boto3; s3 = boto3.client('s3'); s3.delete_bucket(Bucket='acme-prod-uploads')").commands,
      ["aws s3api delete-bucket --bucket 'acme-prod-uploads'"]);
    assert.deepEqual(found('python', "import boto3; boto3.Session(profile_name='prod').client('rds').delete_db_instance(DBInstanceIdentifier='db1', SkipFinalSnapshot=True)").commands,
      ["aws rds delete-db-instance --profile 'prod' --db-instance-identifier 'db1' --skip-final-snapshot"]);
    assert.deepEqual(found('python', "import boto3; boto3.resource('s3').Bucket('logs').objects.all().delete()").commands, ["aws s3 rm 's3://''logs' --recursive"]);
  });

  it('lists files the script opens', () => {
    assert.deepEqual(found('python', "print(open('.env.production').read())").files, ['.env.production']);
    assert.deepEqual(found('python', "from dotenv import load_dotenv; load_dotenv('.env.staging')").files, ['.env.staging']);
  });

  it('scans code passed to exec, and says when it cannot', () => {
    assert.deepEqual(found('python', "exec(\"import os; os.system('dropdb app')\")").commands, ['dropdb app']);
    assert.equal(found('python', 'exec(payload)').opaque, 'evaluates code that is only known at run time');
    assert.equal(found('python', "import os; os.system(os.environ['CMD'])").opaque, 'runs a shell command that is only known at run time');
  });

  it('ignores calls named inside strings and comments, and look-alike methods', () => {
    assert.deepEqual(found('python', "print(\"os.system('rm -rf /')\")"), nothing);
    assert.deepEqual(found('python', "import os\n# os.system('rm -rf /')\nprint(1)"), nothing);
    assert.deepEqual(found('python', "d = {}; d.get('https'); print(r'os.system(x)')"), nothing);
    assert.deepEqual(found('python', '"""\nos.system(\'rm -rf /\')\n"""'), nothing);
  });
});

describe('scanScript: node and deno', () => {
  it('reads child_process calls, not RegExp.exec', () => {
    assert.deepEqual(found('node', "require('child_process').execSync('railway down')").commands, ['railway down']);
    assert.deepEqual(found('node', "const {spawn} = require('child_process'); spawn('kubectl', ['delete', 'ns', 'x'])").argvs, [['kubectl', 'delete', 'ns', 'x']]);
    assert.deepEqual(found('node', "require('child_process').spawnSync('ls -la', { shell: true })").commands, ['ls -la']);
    assert.deepEqual(found('node', 'const m = /v(\\d+)/.exec(process.version); console.log(m[1])'), nothing);
  });

  it('reads zx/Bun $ templates, fs removals, fetch and axios', () => {
    assert.deepEqual(found('node', 'await $`rm -rf ${dir}`').commands, ['rm -rf ${__bulkhead_computed}']);
    assert.deepEqual(found('node', "require('fs').rmSync('dist', { recursive: true })").commands, ["rm -rf 'dist'"]);
    assert.deepEqual(found('node', "require('fs').unlinkSync('.env')").commands, ["rm -f '.env'"]);
    assert.match(found('node', "fetch('https://api.vercel.com/v9/projects/web', { method: 'DELETE' })").commands[0], /^curl -X DELETE 'https:\/\/api\.vercel\.com/);
    assert.match(found('node', "require('axios').post('https://x.example/a', {a: 1})").commands[0], /^curl -X POST 'https:\/\/x\.example\/a' --data-raw '\{"a":1\}'/);
    assert.match(found('node', "fetch('https://x.example/a')").commands[0], /^curl -X GET /);
  });

  it('follows eval of a base64 literal', () => {
    const code = "eval(Buffer.from('cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWNTeW5jKCJscyIp', 'base64').toString())";
    assert.deepEqual(found('node', code).commands, ['ls']);
  });

  it('reads Deno.Command and Deno.remove', () => {
    assert.deepEqual(found('deno', "await new Deno.Command('kubectl', { args: ['get', 'pods'] }).output()").argvs, [['kubectl', 'get', 'pods']]);
    assert.deepEqual(found('deno', "await Deno.remove('/srv', { recursive: true })").commands, ["rm -rf '/srv'"]);
  });
});

describe('scanScript: ruby, perl, php', () => {
  it('ruby: system, backticks, %x, FileUtils, Net::HTTP', () => {
    assert.deepEqual(found('ruby', 'system "kubectl", "delete", "ns", "x"').argvs, [['kubectl', 'delete', 'ns', 'x']]);
    assert.deepEqual(found('ruby', 'puts `ls -la`; %x(whoami)').commands, ['ls -la', 'whoami']);
    assert.deepEqual(found('ruby', 'require "fileutils"; FileUtils.rm_rf(Dir.home)').commands, ['rm -rf "${HOME}"']);
    assert.match(found('ruby', 'uri = URI("https://api.heroku.com/apps/a"); Net::HTTP.start(uri.host) { |h| h.request(Net::HTTP::Delete.new(uri)) }').commands[0], /^curl -X DELETE 'https:\/\/api\.heroku\.com\/apps\/a'/);
    assert.deepEqual(found('ruby', 'puts "system(\\"rm -rf /\\")"'), nothing);
  });

  it('perl: system lists, qx, pipe opens, unlink, regex literals', () => {
    assert.deepEqual(found('perl', 'my @c = ("rm", "-rf", "x"); system(@c)').argvs, [['rm', '-rf', 'x']]);
    assert.deepEqual(found('perl', 'print qx{psql -c "DROP TABLE t"}').commands, ['psql -c "DROP TABLE t"']);
    assert.deepEqual(found('perl', 'open(my $p, "-|", "aws", "s3", "ls"); print <$p>').argvs, [['aws', 's3', 'ls']]);
    assert.deepEqual(found('perl', 'open(F, "kubectl get pods |")').commands, ['kubectl get pods']);
    assert.deepEqual(found('perl', 'system("echo $ENV{HOME}")').commands, ['echo ${HOME}']);
    assert.deepEqual(found('perl', 's/system/exec/g; print if /qx\\(/; tr/a-z/A-Z/'), nothing);
    assert.deepEqual(found('perl', 'unlink "a.txt", "b.txt"').commands, ["rm -f 'a.txt' 'b.txt'"]);
  });

  it('php: shell functions, backticks, unlink, curl_* requests', () => {
    assert.deepEqual(found('php', 'echo shell_exec("ls");').commands, ['ls']);
    assert.deepEqual(found('php', 'echo `whoami`;').commands, ['whoami']);
    assert.deepEqual(found('php', "unlink('.env.production');").commands, ["rm -f '.env.production'"]);
    assert.match(found('php', '$c = curl_init("https://x.example/a"); curl_setopt($c, CURLOPT_CUSTOMREQUEST, "DELETE"); curl_exec($c);').commands[0], /^curl -X DELETE /);
    assert.deepEqual(found('php', "echo json_encode(['exec' => 'no']);"), nothing);
  });
});
