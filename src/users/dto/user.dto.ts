import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../../auth/roles';
import { toIsoTime, toIsoTimeOrNull } from '../../common/dto/time';
import { User } from '../user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: String, nullable: true, example: null })
  deactivatedAt!: string | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  updatedAt!: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      active: user.active,
      deactivatedAt: toIsoTimeOrNull(user.deactivatedAt),
      createdAt: toIsoTime(user.createdAt),
      updatedAt: toIsoTime(user.updatedAt),
    };
  }
}
