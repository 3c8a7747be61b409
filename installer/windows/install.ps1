<#
.SYNOPSIS
  Install Bursar from this offline bundle on Windows (NOT TESTED: built on Linux; see README.md).
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File install.ps1 -Prefix "C:\Program Files\Bursar" -Home "C:\ProgramData\Bursar"
#>
param(
  [string]$Prefix = "$env:ProgramFiles\Bursar",
  [string]$BursarHome = "$env:ProgramData\Bursar",
  [string]$Config = "",
  [string]$User = "$env:USERDOMAIN\$env:USERNAME",
  [switch]$WithTask
)
$ErrorActionPreference = "Stop"
$Bundle = Split-Path -Parent $MyInvocation.MyCommand.Path

# 1. Refuse a tampered bundle before anything is written.
foreach ($line in Get-Content (Join-Path $Bundle "SHA256SUMS")) {
  $want, $rel = $line -split "  ", 2
  $path = Join-Path $Bundle $rel
  if (-not (Test-Path $path)) { throw "bundle is incomplete: $rel is missing; refusing to install" }
  $have = (Get-FileHash -Algorithm SHA256 $path).Hash.ToLower()
  if ($have -ne $want) { throw "bundle is damaged or tampered: $rel does not match SHA256SUMS; refusing to install" }
}

# 2. A venv per version; 'current' points at the active one (rollback = point back).
$Version = (Get-Content (Join-Path $Bundle "VERSION")).Trim()
$Release = Join-Path $Prefix "releases\$Version"
New-Item -ItemType Directory -Force -Path $Release, $BursarHome | Out-Null
if (-not (Test-Path "$Release\venv\Scripts\python.exe")) {
  py -3.11 -m venv "$Release\venv"
  $env:PIP_CONFIG_FILE = "NUL"
  & "$Release\venv\Scripts\python.exe" -m pip install --no-index --find-links "$Bundle\wheelhouse" --require-hashes -r "$Bundle\requirements.lock"
  if ($LASTEXITCODE -ne 0) { throw "pip could not install the wheelhouse" }
}
Copy-Item -Recurse -Force "$Bundle\templates" "$Release\templates"
if (Test-Path "$Prefix\current") { cmd /c rmdir "$Prefix\current" }
cmd /c mklink /J "$Prefix\current" "$Release" | Out-Null

# 3. Config and home; the keys folder readable by the operator only.
$Cfg = Join-Path $Prefix "bursar.toml"
if ($Config) { Copy-Item -Force $Config $Cfg } elseif (-not (Test-Path $Cfg)) { Copy-Item "$Bundle\bursar.toml" $Cfg }
New-Item -ItemType Directory -Force -Path "$BursarHome\keys" | Out-Null
icacls "$BursarHome\keys" /inheritance:r /grant:r "${User}:(OI)(CI)F" "SYSTEM:(OI)(CI)F" | Out-Null
[Environment]::SetEnvironmentVariable("BURSAR_HOME", $BursarHome, "Machine")
[Environment]::SetEnvironmentVariable("BURSAR_CONFIG", $Cfg, "Machine")
[Environment]::SetEnvironmentVariable("BURSAR_TEMPLATES", "$Prefix\current\templates", "Machine")
$env:BURSAR_HOME = $BursarHome; $env:BURSAR_CONFIG = $Cfg
& "$Prefix\current\venv\Scripts\bursar.exe" init
if ($LASTEXITCODE -ne 0) { throw "bursar init failed" }

# 4. The scheduler as a Task Scheduler task at logon (UI bots need the user's session).
if ($WithTask) {
  $xml = (Get-Content -Raw "$Bundle\bursar-scheduler-task.xml").Replace("@PREFIX@", $Prefix).Replace("@USER@", $User)
  Register-ScheduledTask -TaskName "Bursar Scheduler" -TaskPath "\Bursar\" -Xml $xml -Force | Out-Null
  Write-Host "registered task \Bursar\Bursar Scheduler (at logon of $User)"
}
& "$Prefix\current\venv\Scripts\bursar.exe" doctor
