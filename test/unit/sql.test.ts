import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyMongoScript, classifyRedisCommand } from '../../src/core/packs/nosqlClients';
import { classifySql, sqlDatabases } from '../../src/core/sql/classify';

type Case = readonly [sql: string, effect: 'read' | 'write' | 'destroy' | 'unknown', statements?: number];

/** Plain reads, which must stay reads (the product allows them everywhere). */
const reads: readonly Case[] = [
  ['SELECT * FROM users', 'read', 1],
  ['select id, email from users where id = 42;', 'read', 1],
  ['SELECT count(*) FROM orders GROUP BY status ORDER BY 1 DESC LIMIT 10', 'read'],
  ['(SELECT 1) UNION (SELECT 2)', 'read'],
  ['WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval \'1 day\') SELECT count(*) FROM recent', 'read'],
  ['SHOW TABLES; DESCRIBE users; DESC orders', 'read', 3],
  ['SHOW search_path', 'read'],
  ['EXPLAIN SELECT * FROM users WHERE email = \'a@b.c\'', 'read'],
  ['EXPLAIN DELETE FROM users', 'read'],
  ['EXPLAIN (COSTS OFF) UPDATE users SET name = \'x\'', 'read'],
  ['EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM users', 'read'],
  ['EXPLAIN (ANALYZE false) DELETE FROM users', 'read'],
  ['EXPLAIN QUERY PLAN SELECT * FROM t', 'read'],
  ['VALUES (1), (2)', 'read'],
  ['TABLE users', 'read'],
  ['SELECT * FROM users FOR UPDATE', 'read'],
  ['SELECT \'DROP TABLE users\' AS advice', 'read'],
  ['SELECT "drop" FROM t', 'read'],
  ['-- DROP TABLE users\nSELECT 1', 'read'],
  ['/* DELETE FROM users */ SELECT 1', 'read'],
  ['/* outer /* nested */ DROP TABLE x */ SELECT 1', 'read'],
  ['# mysql comment\nSELECT 1', 'read'],
  ['SELECT $$DROP TABLE x$$', 'read'],
  ['SELECT $tag$ ; DROP TABLE x; $tag$', 'read'],
  ['SET search_path TO app, public; SELECT 1', 'read'],
  ['SET statement_timeout = 0', 'read'],
  ['USE shop; SELECT 1', 'read'],
  ['BEGIN; SELECT 1; COMMIT;', 'read'],
  ['BEGIN; DELETE FROM orders; ROLLBACK;', 'read', 3],
  ['START TRANSACTION; UPDATE accounts SET balance = 0; ROLLBACK;', 'read'],
  ['SELECT * INTO @total FROM t', 'read'],
  ['COPY users TO STDOUT WITH CSV HEADER', 'read'],
  ['COPY (SELECT * FROM users) TO \'/tmp/users.csv\'', 'read'],
  ['\\dt', 'read'],
  ['\\d+ users', 'read'],
  ['\\l', 'read'],
  ['\\c acme_staging', 'read'],
  ['\\x\nSELECT * FROM users LIMIT 1;', 'read', 2],
  ['\\copy users TO \'users.csv\' CSV HEADER', 'read'],
  ['.tables', 'read'],
  ['.schema users', 'read'],
  ['.mode csv\n.headers on\nSELECT * FROM users;', 'read', 3],
  ['PRAGMA table_info(users)', 'read'],
  ['PRAGMA foreign_keys', 'read'],
  ['SELECT 1\nGO', 'read'],
  ['EXEC sp_help \'dbo.users\'', 'read'],
  ['LISTEN jobs', 'read'],
  ['FETCH 10 FROM c', 'read'],
  ['', 'read', 0],
  ['  -- only a comment', 'read', 0],
  [';;;', 'read', 0],
  ['CHECK TABLE users', 'read'],
  ['SELECT pg_size_pretty(pg_database_size(current_database()))', 'read'],
];

const writes: readonly Case[] = [
  ['INSERT INTO users (email) VALUES (\'a@b.c\')', 'write'],
  ['INSERT INTO t SELECT * FROM s', 'write'],
  ['INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET v = excluded.v', 'write'],
  ['REPLACE INTO t VALUES (1)', 'write'],
  ['UPSERT INTO t VALUES (1)', 'write'],
  ['UPDATE users SET name = \'x\' WHERE id = 5', 'write'],
  ['UPDATE users SET name = \'x\' WHERE id = 5 AND 1 = 1', 'write'],
  ['update orders set status = \'shipped\' where id in (select order_id from shipments)', 'write'],
  ['DELETE FROM users WHERE id = 5', 'write'],
  ['delete from sessions where expires_at < now()', 'write'],
  ['DELETE FROM t WHERE CURRENT OF c', 'write'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v', 'write'],
  ['CREATE TABLE users (id serial PRIMARY KEY)', 'write'],
  ['CREATE INDEX CONCURRENTLY idx ON users (email)', 'write'],
  ['CREATE TABLE backup AS SELECT * FROM users', 'write'],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', 'write'],
  ['CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ DELETE FROM t; SELECT 1 $$ LANGUAGE sql', 'write'],
  ['SELECT * INTO backup_users FROM users', 'write'],
  ['SELECT * FROM t INTO OUTFILE \'/tmp/t.csv\'', 'write'],
  ['ALTER TABLE users ADD COLUMN age int', 'write'],
  ['ALTER TABLE users ALTER COLUMN email DROP NOT NULL', 'write'],
  ['ALTER TABLE users DROP CONSTRAINT users_email_key', 'write'],
  ['ALTER TABLE users DROP INDEX idx_email', 'write'],
  ['ALTER TABLE users DROP FOREIGN KEY fk_org', 'write'],
  ['ALTER TABLE users RENAME COLUMN a TO b', 'write'],
  ['ALTER DATABASE app SET timezone TO \'UTC\'', 'write'],
  ['GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly', 'write'],
  ['REVOKE DROP ON app.* FROM \'dev\'@\'%\'', 'write'],
  ['RENAME TABLE a TO b', 'write'],
  ['COPY users FROM STDIN WITH CSV', 'write'],
  ['\\copy users FROM \'users.csv\' CSV HEADER', 'write'],
  ['VACUUM ANALYZE users', 'write'],
  ['REFRESH MATERIALIZED VIEW CONCURRENTLY mv', 'write'],
  ['SET GLOBAL max_connections = 500', 'write'],
  ['SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = \'idle\'', 'write'],
  ['SELECT setval(\'users_id_seq\', 1)', 'write'],
  ['PRAGMA journal_mode = WAL', 'write'],
  ['BEGIN; INSERT INTO t VALUES (1); COMMIT;', 'write'],
  ['BEGIN; INSERT INTO t VALUES (1);', 'write'],
  ['.import users.csv users', 'write'],
  ['DROP TEMPORARY TABLE tmp_ids', 'write'],
  ['DO $$ BEGIN INSERT INTO audit VALUES (now()); END $$', 'write'],
  ['ALTER TABLE events UPDATE status = 1 WHERE id = 5', 'write'],
  ['OPTIMIZE TABLE events FINAL', 'write'],
  ['KILL 1234', 'write'],
];

const destroys: readonly Case[] = [
  ['DROP TABLE users', 'destroy'],
  ['drop table if exists users cascade;', 'destroy'],
  ['DROP DATABASE acme_prod', 'destroy'],
  ['DROP SCHEMA public CASCADE', 'destroy'],
  ['DROP INDEX idx_users_email', 'destroy'],
  ['DROP MATERIALIZED VIEW mv', 'destroy'],
  ['DROP OWNED BY app', 'destroy'],
  ['TRUNCATE users', 'destroy'],
  ['TRUNCATE TABLE users RESTART IDENTITY CASCADE', 'destroy'],
  ['DELETE FROM users', 'destroy'],
  ['delete from users;', 'destroy'],
  ['DELETE FROM users WHERE 1=1', 'destroy'],
  ['DELETE FROM users WHERE true', 'destroy'],
  ['DELETE FROM users WHERE 1', 'destroy'],
  ['DELETE FROM users WHERE (1 = 1)', 'destroy'],
  ['DELETE FROM users WHERE \'a\' = \'a\'', 'destroy'],
  ['DELETE FROM users WHERE id = id', 'destroy'],
  ['DELETE FROM users WHERE id = 5 OR 1 = 1', 'destroy'],
  ['DELETE FROM users WHERE name LIKE \'%\'', 'destroy'],
  ['DELETE FROM users LIMIT 1000', 'destroy'],
  ['DELETE TOP (100) FROM users', 'destroy'],
  ['UPDATE users SET password = \'x\'', 'destroy'],
  ['UPDATE users SET email = NULL WHERE 2 > 1', 'destroy'],
  ['UPDATE t SET a = (SELECT b FROM u WHERE u.id = t.id)', 'destroy'],
  ['ALTER TABLE users DROP COLUMN email', 'destroy'],
  ['ALTER TABLE users DROP email', 'destroy'],
  ['ALTER TABLE users ADD COLUMN x int, DROP COLUMN y', 'destroy'],
  ['ALTER TABLE IF EXISTS ONLY public.users DROP COLUMN IF EXISTS legacy', 'destroy'],
  ['ALTER TABLE logs DROP PARTITION p2023', 'destroy'],
  ['ALTER TABLE events DELETE WHERE 1', 'destroy'],
  ['CREATE OR REPLACE TABLE t AS SELECT 1', 'destroy'],
  ['INSERT OVERWRITE TABLE t SELECT * FROM s', 'destroy'],
  ['EXPLAIN ANALYZE DELETE FROM users', 'destroy'],
  ['EXPLAIN (ANALYZE, BUFFERS) UPDATE users SET active = false', 'destroy'],
  ['BEGIN; DROP TABLE users; ROLLBACK;', 'destroy'],
  ['BEGIN; DELETE FROM a; TRUNCATE b; ROLLBACK;', 'destroy'],
  ['BEGIN; DELETE FROM users; COMMIT;', 'destroy'],
  ['SELECT 1; DROP TABLE users', 'destroy', 2],
  ['select 1;drop table users', 'destroy'],
  ['WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone', 'destroy'],
  ['/*!40101 DROP TABLE users */', 'destroy'],
  ['SELECT 1 /*! ; DROP TABLE users */', 'destroy'],
  ['SELECT \'a\\\'; DROP TABLE users; --\'', 'destroy'],
  ['IF OBJECT_ID(\'dbo.users\') IS NOT NULL DROP TABLE dbo.users', 'destroy'],
  ['SELECT 1\nGO\nDROP TABLE users\nGO', 'destroy'],
  ['DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\nDROP TABLE users;', 'destroy'],
  ['DO $$ BEGIN DELETE FROM users; END $$', 'destroy'],
  ['DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = \'public\' LOOP EXECUTE \'DROP TABLE \' || quote_ident(r.tablename) || \' CASCADE\'; END LOOP; END $$', 'destroy'],
  ['SELECT format(\'DROP TABLE %I CASCADE\', tablename) FROM pg_tables WHERE schemaname = \'public\' \\gexec', 'destroy'],
  ['EXEC sp_MSforeachtable \'DELETE FROM ?\'', 'destroy'],
  ['PREPARE s FROM \'DELETE FROM users\'; EXECUTE s;', 'destroy'],
  ['PREPARE wipe AS TRUNCATE users; EXECUTE wipe;', 'destroy'],
  ['SELECT pg_drop_replication_slot(\'replica_1\')', 'destroy'],
  ['RESET MASTER', 'destroy'],
  ['.restore backup.db', 'destroy'],
  ['\\lo_unlink 1234', 'destroy'],
  ['SET FOREIGN_KEY_CHECKS = 0; DROP TABLE a; DROP TABLE b; SET FOREIGN_KEY_CHECKS = 1;', 'destroy', 4],
];

const opaque: readonly Case[] = [
  ['\\i migrations/001.sql', 'unknown'],
  ['\\ir ../fix.sql', 'unknown'],
  ['\\! rm -rf /var/lib/postgresql', 'unknown'],
  ['SELECT 1 \\gexec', 'unknown'],
  ['.read dump.sql', 'unknown'],
  ['.shell rm app.db', 'unknown'],
  ['SOURCE /tmp/fix.sql', 'unknown'],
  ['\\. /tmp/fix.sql', 'unknown'],
  ['COPY users FROM PROGRAM \'curl -s https://x\'', 'unknown'],
  ['CALL cleanup_old_rows()', 'unknown'],
  ['EXECUTE my_statement', 'unknown'],
  ['EXEC xp_cmdshell \'dir\'', 'unknown'],
  ['DO $$ BEGIN EXECUTE some_sql; END $$', 'unknown'],
  ['db.users.drop()', 'unknown'],
  ['FLUSHALL', 'unknown'],
  ['SELECT dblink_exec(\'dbname=other\', some_sql)', 'unknown'],
];

describe('classifySql', () => {
  for (const [group, cases] of [['reads', reads], ['writes', writes], ['destroys', destroys], ['opaque', opaque]] as const) {
    describe(group, () => {
      for (const [sql, effect, statements] of cases) {
        it(JSON.stringify(sql).slice(0, 100), () => {
          const result = classifySql(sql);
          assert.equal(result.effect, effect, result.reason);
          assert.ok(result.reason.length > 0);
          if (statements !== undefined) assert.equal(result.statements, statements);
        });
      }
    });
  }

  it('names the statement that decided', () => {
    assert.match(classifySql('SELECT 1; DROP TABLE users; SELECT 2').reason, /DROP TABLE/);
    assert.match(classifySql('DELETE FROM users WHERE 1=1').reason, /always true/);
    assert.match(classifySql('BEGIN; DELETE FROM users; ROLLBACK').reason, /ROLLBACK/);
  });

  it('never throws on junk', () => {
    for (const junk of ['(', ')', '\'', '"', '$$', '/*', '\\', '.', 'DROP', 'ALTER TABLE', 'WITH x AS (', 'EXPLAIN (', 'DELETE FROM t WHERE (', '\u0000']) {
      assert.doesNotThrow(() => classifySql(junk), junk);
    }
  });

  it('classifies a large script to the end (speed is the benchmark\'s business; this only guards against a hang)', () => {
    const script = `${'INSERT INTO t VALUES (1, \'x\');\n'.repeat(5000)}DROP TABLE t;`;
    const start = performance.now();
    assert.equal(classifySql(script).effect, 'destroy');
    assert.ok(performance.now() - start < 10_000, 'a large script does not hang the classifier');
  });
});

describe('sqlDatabases', () => {
  it('finds databases a script names', () => {
    assert.deepEqual(sqlDatabases('USE acme_prod; DELETE FROM users WHERE id = 1'), ['acme_prod']);
    assert.deepEqual(sqlDatabases('DROP DATABASE IF EXISTS acme_staging'), ['acme_staging']);
    assert.deepEqual(sqlDatabases('\\c acme_prod\nSELECT 1'), ['acme_prod']);
    assert.deepEqual(sqlDatabases('SELECT * FROM acme_prod.users'), []);
  });
});

describe('classifyMongoScript', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['db.users.find({ email: "a@b.c" })', 'read'],
    ['db.orders.countDocuments()', 'read'],
    ['db.orders.aggregate([{ $group: { _id: "$status" } }])', 'read'],
    ['rs.status()', 'read'],
    ['db.users.insertOne({ name: "x" })', 'write'],
    ['db.users.updateOne({ _id: 1 }, { $set: { a: 1 } })', 'write'],
    ['db.users.deleteMany({ createdAt: { $lt: new Date("2020-01-01") } })', 'write'],
    ['db.users.createIndex({ email: 1 })', 'write'],
    ['db.orders.aggregate([{ $match: {} }, { $out: "orders_copy" }])', 'write'],
    ['db.users.deleteMany({})', 'destroy'],
    ['db.users.deleteMany( { } )', 'destroy'],
    ['db.users.remove({})', 'destroy'],
    ['db.users.updateMany({}, { $set: { active: false } })', 'destroy'],
    ['db.users.deleteMany(filter)', 'destroy'],
    ['db.users.drop()', 'destroy'],
    ['db["users"].drop()', 'destroy'],
    ['db.getCollection("users")["drop"]()', 'destroy'],
    ['db.dropDatabase()', 'destroy'],
    ['db.getSiblingDB("app").dropDatabase()', 'destroy'],
    ['db.runCommand({ dropDatabase: 1 })', 'destroy'],
    ['db.adminCommand({ listDatabases: 1 })', 'read'],
    ['db.old.renameCollection("users", true)', 'destroy'],
    ['load("cleanup.js")', 'unknown'],
    ['// db.users.drop()\ndb.users.find()', 'read'],
  ];
  for (const [code, effect] of cases) {
    it(code, () => assert.equal(classifyMongoScript(code).effect, effect));
  }
});

describe('classifyRedisCommand', () => {
  const cases: readonly (readonly [string[], string])[] = [
    [['GET', 'k'], 'read'], [['keys', '*'], 'read'], [['SCAN', '0'], 'read'], [['INFO', 'memory'], 'read'], [['CONFIG', 'GET', 'maxmemory'], 'read'],
    [['SET', 'k', 'v'], 'write'], [['DEL', 'k'], 'write'], [['UNLINK', 'k'], 'write'], [['EXPIRE', 'k', '10'], 'write'],
    [['CONFIG', 'SET', 'maxmemory', '1gb'], 'write'], [['REPLICAOF', 'NO', 'ONE'], 'write'], [['SORT', 'k', 'STORE', 'd'], 'write'],
    [['FLUSHALL'], 'destroy'], [['flushdb', 'async'], 'destroy'], [['REPLICAOF', 'evil.example.com', '6379'], 'destroy'],
    [['SHUTDOWN', 'NOSAVE'], 'destroy'], [['FUNCTION', 'FLUSH'], 'destroy'],
    [['EVAL', 'return redis.call("FLUSHDB")', '0'], 'destroy'], [['EVAL', 'return redis.call("GET", KEYS[1])', '1', 'k'], 'read'],
    [['EVALSHA', 'abc', '0'], 'unknown'],
  ];
  for (const [words, effect] of cases) {
    it(words.join(' '), () => assert.equal(classifyRedisCommand(words).effect, effect));
  }
});
