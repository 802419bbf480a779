import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/dto/api-errors.decorator';
import { UuidParam } from '../../common/dto/ids';
import { pageLimit, PageQueryDto } from '../../common/dto/pagination';
import { Authenticated, CurrentCaller } from '../access.decorators';
import { Caller } from '../caller';
import { ApiTokensService } from './api-tokens.service';
import {
  ApiTokenDto,
  ApiTokenPageDto,
  CreateApiTokenDto,
  DEFAULT_TOKEN_DAYS,
  IssuedApiTokenDto,
} from './dto/api-token.dto';

@ApiTags('auth')
@Controller('api/auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  // A token cannot mint tokens: a leaked one must not outlive its own expiry or revocation.
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'Issue a personal API token (shown once), for Authorization: Bearer' })
  @ApiCreatedResponse({ type: IssuedApiTokenDto, description: 'The new token' })
  @ApiErrors('VALIDATION_FAILED', 'SESSION_REQUIRED')
  async issue(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateApiTokenDto,
  ): Promise<IssuedApiTokenDto> {
    const { token, row } = await this.tokens.issue(
      caller,
      body.name,
      body.expiresInDays ?? DEFAULT_TOKEN_DAYS,
    );
    return { ...ApiTokenDto.from(row), token };
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your API tokens (never the tokens themselves)' })
  @ApiOkResponse({ type: ApiTokenPageDto, description: 'A page of tokens, oldest first' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: PageQueryDto,
  ): Promise<ApiTokenPageDto> {
    const page = await this.tokens.list(caller, pageLimit(query), query.cursor);
    return { items: page.items.map((row) => ApiTokenDto.from(row)), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  @ApiErrors('INVALID_ID', 'TOKEN_NOT_FOUND')
  async revoke(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string): Promise<void> {
    await this.tokens.revoke(caller, id);
  }
}
