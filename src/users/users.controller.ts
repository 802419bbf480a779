import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user-input.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

@ApiTags('users')
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Staff accounts, oldest first' })
  @ApiOkResponse({ type: UserPageDto, description: 'A page of users' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    const page = await this.users.list({
      limit: pageLimit(query),
      cursor: query.cursor,
      role: query.role,
      active: query.active === undefined ? undefined : query.active === 'true',
      q: query.q,
    });
    return { items: page.items.map((user) => UserDto.from(user)), nextCursor: page.nextCursor };
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: UserDto, description: 'The new account' })
  @ApiErrors('VALIDATION_FAILED', 'USER_EMAIL_TAKEN')
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(caller, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One staff account' })
  @ApiOkResponse({ type: UserDto, description: 'The account' })
  @ApiErrors('INVALID_ID', 'USER_NOT_FOUND')
  async get(@Param('id', UuidParam) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change name, roles or password (a new password ends the user's sessions)",
  })
  @ApiOkResponse({ type: UserDto, description: 'The changed account' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'USER_NOT_FOUND', 'LAST_ADMIN')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(caller, id, body));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate (never delete): ends sessions and revokes API tokens' })
  @ApiOkResponse({ type: UserDto, description: 'The deactivated account' })
  @ApiErrors('INVALID_ID', 'USER_NOT_FOUND', 'LAST_ADMIN', 'CANNOT_DEACTIVATE_SELF')
  async deactivate(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.deactivate(caller, id));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated account' })
  @ApiOkResponse({ type: UserDto, description: 'The reactivated account' })
  @ApiErrors('INVALID_ID', 'USER_NOT_FOUND')
  async reactivate(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.reactivate(caller, id));
  }
}
