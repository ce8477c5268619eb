; Inno Setup 6 script: the Windows installer of 就业服务站工作台 (see packaging/README.md).
; Build the PyInstaller folder first (dist\stationdesk\ with stationdesk.exe and stationdesk-cli.exe), then
;   iscc packaging\stationdesk.iss          -> dist\stationdesk-setup-<version>.exe
; Not built or run in this project's CI (Linux): correct on paper, to be checked on a Windows PC.
;
; The version is not written here: it is read from stationdesk.exe's version resource, which the
; PyInstaller spec makes from app\__init__.py (__version__), the one place the version lives.
#define AppName "就业服务站工作台"
#define Bundle AddBackslash(SourcePath) + "..\dist\stationdesk"
#define AppExe "stationdesk.exe"
#define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")
#if AppVersion == ""
  #error "dist\stationdesk\stationdesk.exe is missing or has no version: build it with PyInstaller first"
#endif

[Setup]
; The AppId identifies the program for updates and uninstall: never change it.
AppId={{6B1E9F52-2A1D-4E7E-9C0B-5D3A7F0C4E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=stationdesk
VersionInfoVersion={#AppVersion}
; 64-bit Windows only (the bundle is x64).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Per-user install: no administrator rights; {autopf} is %LOCALAPPDATA%\Programs for a per-user install.
PrivilegesRequired=lowest
DefaultDirName={autopf}\StationDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
SetupIconFile=..\resources\icons\stationdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile=..\LICENSE
OutputDir=..\dist
OutputBaseFilename=stationdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The data (%APPDATA%\stationdesk: the station's data file, backups, log) is created by the program
; and never installed, so the uninstaller does not know it and leaves it in place.

[Languages]
; ChineseSimplified.isl is one of Inno Setup's translations (see packaging/README.md, step 3).
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
