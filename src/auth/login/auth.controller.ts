import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { SiftConfig } from '../../config/config';
import { ApiErrors } from '../../common/dto/api-errors.decorator';
import { AppError } from '../../common/errors/app-error';
import { SIFT_CONFIG } from '../../core/tokens';
import { Transactions } from '../../database/transactions';
import { UserDto } from '../../users/dto/user.dto';
import { User } from '../../users/user.entity';
import { Authenticated, CurrentCaller, originOf, Public, SiftRequest } from '../access.decorators';
import { Caller } from '../caller';
import { sessionCookieName } from '../credentials.service';
import { isSameOrigin } from '../csrf';
import { LoginDto, MeDto } from './dto/login.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  private readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    private readonly login: LoginService,
    private readonly db: Transactions,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {
    this.cookieName = sessionCookieName(config);
    this.secure = config.publicUrl.startsWith('https:');
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie' })
  @ApiOkResponse({ type: MeDto, description: 'Signed in' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'LOGIN_THROTTLED', 'CSRF_REJECTED')
  async signIn(
    @Body() body: LoginDto,
    @Req() request: SiftRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeDto> {
    // Login CSRF: a browser on another site must not sign the victim into an attacker's account.
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(new URL(this.config.publicUrl).origin, { origin })) {
      throw new AppError('CSRF_REJECTED', 'Cross-origin sign-in refused');
    }
    const { token, user } = await this.login.login(
      body.email,
      body.password,
      originOf(request),
      request.cookies?.[this.cookieName],
    );
    void reply.setCookie(this.cookieName, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      maxAge: this.config.sessionMaxHours * 3600,
    });
    return { user: UserDto.from(user), via: 'session' };
  }

  @Post('logout')
  @Authenticated({ sessionOnly: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session on the server and clear its cookie' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.login.logout(caller);
    void reply.clearCookie(this.cookieName, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
    });
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in staff member' })
  @ApiOkResponse({ type: MeDto, description: 'Who is asking' })
  async me(@CurrentCaller() caller: Caller): Promise<MeDto> {
    const user = await this.db.manager.findOneByOrFail(User, { id: caller.userId });
    return { user: UserDto.from(user), via: caller.via };
  }
}
