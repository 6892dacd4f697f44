; Inno Setup script: the Windows installer for Provision Register.
; Built by installer\build-windows.ps1 (which passes /DAppVersion=x.y.z) from dist\ProvisionRegister.
;  - per-machine install into Program Files (needs an administrator once);
;  - a Start menu shortcut (and, if ticked, one on the desktop);
;  - upgrade in place: the same AppId, so a newer setup replaces the program files and keeps
;    settings; the register is upgraded (after a backup) the first time the new version opens it;
;  - uninstalling removes the program only: registers, backups and keys are never touched
;    (they live in each user's data folder and the Windows Credential Locker, not here).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Provision Register"
#define AppExe "Provision Register.exe"

[Setup]
; Never change this AppId: it is how a new version finds the old one to upgrade in place.
AppId={{6C1F5E8A-3B0D-4E7A-9A51-2D6F0C4B7E19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=ProvisionRegister-{#AppVersion}-setup
SetupIconFile=..\build\installer\app.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Upgrading: close a running copy first, and start it again afterwards.
CloseApplications=yes
RestartApplications=no
UsePreviousAppDir=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program folder's contents (old libraries must not linger).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\ProvisionRegister\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The registers
; (%LOCALAPPDATA%\Provision Register\register.sqlite), their backups and keys stay.
