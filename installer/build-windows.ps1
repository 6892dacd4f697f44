# Build the Windows one-folder app and its installer, then run the built app's self-test.
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
# Needs Python 3.11 (python.org) and Inno Setup 6 (ISCC.exe on PATH or in its usual folder).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet -e ".[installer]"
.venv\Scripts\python installer\make_icons.py build\installer
.venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller installer\provision-register.spec
& dist\ProvisionRegister\provision-register.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the built app's self-test failed" }
$version = (.venv\Scripts\python -c "import desktop_app; print(desktop_app.__version__)").Trim()
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installer\provision-register.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "installer: dist\ProvisionRegister-$version-setup.exe"
