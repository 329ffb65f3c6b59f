import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1700000000000 implements MigrationInterface {
  name = 'Init1700000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "role" ("role_code" character varying NOT NULL, "label" character varying NOT NULL, CONSTRAINT "PK_1" PRIMARY KEY ("role_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "role" character varying, CONSTRAINT "PK_2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "FK_3" FOREIGN KEY ("role") REFERENCES "role"("role_code")`,
    );
    // An older shape of profile: the entity no longer has this key.
    await queryRunner.query(
      `CREATE TABLE "profile" ("id" SERIAL NOT NULL, "roleCode" character varying REFERENCES "role"("role_code"), CONSTRAINT "PK_4" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "profile"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "role"`);
  }
}
