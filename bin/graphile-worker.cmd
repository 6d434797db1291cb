@echo off
rem Runs the graphile-worker command on Windows from an unpacked distribution (lib\ beside bin\).
rem JAVA_OPTS passes options to the JVM. Unlike bin/graphile-worker it keeps no class-data archive
rem and leaves the collector and heap to the JVM. A Logback configuration of your own: conf\logback.xml
rem beside bin\, or -Dlogback.configurationFile in JAVA_OPTS.
setlocal
set "home=%~dp0.."
set "jar=%home%\lib\graphile-worker.jar"
if not exist "%jar%" (
  echo graphile-worker: %jar% is missing 1>&2
  exit /b 1
)
set "java=java"
if defined JAVA_HOME set "java=%JAVA_HOME%\bin\java"
set "logback="
if exist "%home%\conf\logback.xml" set "logback=%home%\conf\logback.xml"
echo.%JAVA_OPTS% | findstr /c:"-Dlogback.configurationFile=" >nul && set "logback="
if defined logback (
  "%java%" %JAVA_OPTS% "-Dlogback.configurationFile=%logback%" -jar "%jar%" %*
) else (
  "%java%" %JAVA_OPTS% -jar "%jar%" %*
)
exit /b %ERRORLEVEL%
