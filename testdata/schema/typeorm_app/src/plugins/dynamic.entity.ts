import { Entity, PrimaryGeneratedColumn } from 'typeorm';

export function tenantEntity(name: string) {
  @Entity(name)
  class TenantRow {
    @PrimaryGeneratedColumn()
    id: number;
  }
  return TenantRow;
}
