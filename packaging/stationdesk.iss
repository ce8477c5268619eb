; Inno Setup script: Windows installer for 就业服务站工作台 (build the PyInstaller folder first).
; iscc packaging\stationdesk.iss
#define AppName "就业服务站工作台"
#define AppVersion "0.1.0"

[Setup]
AppId={{6B1E9F52-2A1D-4E7E-9C0B-5D3A7F0C4E21}
AppName={#AppName}
AppVersion={#AppVersion}
DefaultDirName={autopf}\StationDesk
DefaultGroupName={#AppName}
OutputBaseFilename=stationdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
; The data file lives in %APPDATA%\stationdesk and is never touched by install or uninstall.

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\stationdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\stationdesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\stationdesk.exe"

[Run]
Filename: "{app}\stationdesk.exe"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
